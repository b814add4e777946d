import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { Database } from "node-sqlite3-wasm";
import os from "node:os";
import path from "node:path";
import { spawnCoach, type SpawnedCoach } from "../support/spawned-coach.js";

interface Exported {
  performance: { id: number; accuracy: number; response_time: number }[];
}

async function exported(coach: SpawnedCoach): Promise<Exported> {
  const result = await coach.call("export_data");
  assert.notEqual(result.isError, true, JSON.stringify(result.content));
  return result.structuredContent as unknown as Exported;
}

function integrity(dataDir: string): string {
  const db = new Database(path.join(dataDir, "coach.sqlite"), { readOnly: true });
  try {
    return String((db.get("PRAGMA integrity_check") as { integrity_check: string }).integrity_check);
  } finally {
    db.close();
  }
}

describe("durability", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-durable-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("every acknowledged record survives SIGKILL mid-stream, and the server restarts cleanly", async () => {
    const acknowledged = new Map<number, number>();
    let sequence = 0;
    for (let round = 0; round < 3; round++) {
      const coach = await spawnCoach(dir);
      let killed = false;
      const writer = async () => {
        while (!killed) {
          const marker = ++sequence;
          try {
            const result = await coach.call("record_performance", {
              accuracy: 0.5,
              storyCoverage: 0.5,
              satisfaction: 3,
              responseTime: marker,
              category: "conflict",
            });
            if (!result.isError && !killed) acknowledged.set((result.structuredContent as { recordId: number }).recordId, marker);
          } catch {
            return;
          }
        }
      };
      const writers = [writer(), writer(), writer(), writer()];
      // Kill after a varying number of acknowledgements so the kill lands at different points of a write.
      const target = acknowledged.size + 20 + round * 17;
      while (acknowledged.size < target) await new Promise((r) => setTimeout(r, 2));
      killed = true;
      process.kill(coach.pid, "SIGKILL");
      await Promise.all(writers);
      await coach.close().catch(() => undefined);
    }
    const restarted = await spawnCoach(dir);
    try {
      const started = Date.now();
      const { performance } = await exported(restarted);
      assert.ok(Date.now() - started < 5_000, "a crashed holder's lock does not stall the restart");
      const stored = new Map(performance.map((r) => [r.id, r.response_time]));
      for (const [id, marker] of acknowledged) assert.equal(stored.get(id), marker, `acknowledged record ${id} is missing or changed`);
      assert.ok(acknowledged.size >= 20 + 37 + 54);
      const ok = await restarted.call("record_performance", { accuracy: 0.9, storyCoverage: 0.9, satisfaction: 5, responseTime: 1, category: "teamwork" });
      assert.notEqual(ok.isError, true);
    } finally {
      await restarted.close();
    }
    assert.equal(integrity(dir), "ok");
  });

  it("two server processes on one data dir (VS Code and Claude Desktop) lose and corrupt nothing", async () => {
    const [a, b] = await Promise.all([spawnCoach(dir), spawnCoach(dir)]);
    try {
      const burst = (coach: SpawnedCoach, offset: number) =>
        Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            coach.call("record_performance", { accuracy: 0.5, storyCoverage: 0.5, satisfaction: 3, responseTime: offset + i, category: "conflict" }),
          ),
        );
      const trials = (coach: SpawnedCoach, name: string) =>
        Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            coach.call("run_ab_test", {
              question: `Tell me about conflict number ${name}-${i}`,
              controlVariantId: "concise",
              testVariantId: "detailed",
              preferred: "test",
            }),
          ),
        );
      const results = (await Promise.all([burst(a, 1000), burst(b, 2000), trials(a, "a"), trials(b, "b")])).flat();
      assert.ok(
        results.every((r) => !r.isError),
        JSON.stringify(results.find((r) => r.isError)?.content),
      );
      for (const coach of [a, b]) {
        const { performance } = await exported(coach);
        assert.equal(performance.length, 80);
        assert.equal(new Set(performance.map((r) => r.response_time)).size, 80);
        const perf = (await coach.call("get_variant_performance", { variantId: "detailed" })).structuredContent as { trials: number; wins: number };
        assert.deepEqual([perf.trials, perf.wins], [20, 20]);
        const report = (await coach.call("get_analytics_report", { period: "daily" })).structuredContent as { current: { attempts: number } };
        assert.equal(report.current.attempts, 80);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    assert.equal(integrity(dir), "ok");
  });
});
