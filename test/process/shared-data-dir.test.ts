import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnCoach, type SpawnedCoach } from "../support/spawned-coach.js";

interface Exported {
  performance: { id: number; response_time: number }[];
  trials: { id: number; question: string; outcome: string }[];
}

/** What one server was told succeeded: record id → its marker, trial id → its question. */
interface Acknowledged {
  records: Map<number, number>;
  trials: Map<number, string>;
}

const RECORDS_EACH = 150;
const TRIALS_EACH = 40;
const IN_FLIGHT = 6;

/** Runs the jobs a few at a time, as a chat client calling tools back to back would. */
async function inFlight(jobs: (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: width }, lane));
}

/** One app's practice: performance records and preference trials interleaved, each acknowledged write remembered. */
async function practise(coach: SpawnedCoach, app: string, firstMarker: number): Promise<Acknowledged> {
  const acknowledged: Acknowledged = { records: new Map(), trials: new Map() };
  const jobs: (() => Promise<void>)[] = [];
  let trialsPlanned = 0;
  for (let i = 0; i < RECORDS_EACH; i++) {
    const marker = firstMarker + i;
    jobs.push(async () => {
      const result = await coach.call("record_performance", { accuracy: 0.6, storyCoverage: 0.5, satisfaction: 4, responseTime: marker, category: "conflict" });
      assert.notEqual(result.isError, true, JSON.stringify(result.content));
      acknowledged.records.set((result.structuredContent as { recordId: number }).recordId, marker);
    });
    if (i % Math.floor(RECORDS_EACH / TRIALS_EACH) === 0 && trialsPlanned < TRIALS_EACH) {
      trialsPlanned++;
      const question = `Tell me about a disagreement you resolved (${app} ${i})`;
      jobs.push(async () => {
        const result = await coach.call("run_ab_test", {
          question,
          controlVariantId: "star-focused",
          testVariantId: "concise",
          preferred: app === "vscode" ? "control" : "test",
        });
        assert.notEqual(result.isError, true, JSON.stringify(result.content));
        acknowledged.trials.set((result.structuredContent as { trialId: number }).trialId, question);
      });
    }
  }
  await inFlight(jobs, IN_FLIGHT);
  return acknowledged;
}

async function exported(coach: SpawnedCoach): Promise<Exported> {
  const result = await coach.call("export_data");
  assert.notEqual(result.isError, true, JSON.stringify(result.content));
  return result.structuredContent as unknown as Exported;
}

describe("two servers on one data folder (VS Code's and Claude Desktop's)", function () {
  this.timeout(180_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-shared-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writing at once, lose no acknowledged write and each sees the other's practice", async () => {
    const [vscode, claude] = await Promise.all([spawnCoach(dir), spawnCoach(dir)]);
    try {
      const [fromVscode, fromClaude] = await Promise.all([practise(vscode, "vscode", 10_000), practise(claude, "claude", 20_000)]);
      const trialsEach = TRIALS_EACH;
      for (const acknowledged of [fromVscode, fromClaude]) assert.deepEqual([acknowledged.records.size, acknowledged.trials.size], [RECORDS_EACH, TRIALS_EACH]);
      for (const id of fromVscode.records.keys()) assert.ok(!fromClaude.records.has(id), `record id ${id} was acknowledged to both servers`);
      for (const id of fromVscode.trials.keys()) assert.ok(!fromClaude.trials.has(id), `trial id ${id} was acknowledged to both servers`);

      for (const [reader, coach] of [
        ["VS Code's", vscode],
        ["Claude Desktop's", claude],
      ] as const) {
        const { performance, trials } = await exported(coach);
        const records = new Map(performance.map((r) => [r.id, r.response_time]));
        const questions = new Map(trials.map((t) => [t.id, t.question]));
        for (const [writer, acknowledged] of [
          ["VS Code", fromVscode],
          ["Claude Desktop", fromClaude],
        ] as const) {
          for (const [id, marker] of acknowledged.records) assert.equal(records.get(id), marker, `${reader} server is missing ${writer}'s record ${id}`);
          for (const [id, question] of acknowledged.trials) assert.equal(questions.get(id), question, `${reader} server is missing ${writer}'s trial ${id}`);
        }
        assert.equal(performance.length, 2 * RECORDS_EACH, `${reader} server sees nothing unacknowledged`);
        assert.equal(trials.length, 2 * trialsEach);
        // Each app preferred a different side: the tally only balances if every trial from both is counted.
        const concise = (await coach.call("get_variant_performance", { variantId: "concise" })).structuredContent as { trials: number; wins: number };
        assert.deepEqual([concise.trials, concise.wins], [2 * trialsEach, trialsEach], `${reader} server's tally`);
        const report = (await coach.call("get_analytics_report", { period: "daily" })).structuredContent as { current: { attempts: number } };
        assert.equal(report.current.attempts, 2 * RECORDS_EACH, `${reader} server's report`);
      }
    } finally {
      await Promise.all([vscode.close(), claude.close()]);
    }
  });
});
