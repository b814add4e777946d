import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Project } from "../../mcp-server/src/contracts/awareness.js";
import { call, UNLIMITED } from "../http/awareness-client.js";
import { createKey, startHttpCoach } from "../support/http-server.js";

const ALL = ["project:read", "project:write", "session:sync"];
/** Enough concurrent writers that the server is mid-way through some writes whenever the kill lands. */
const WRITERS = 48;
const ROUNDS = 6;

describe("audit durability over HTTP", function () {
  this.timeout(180_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-audit-durable-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("after SIGKILLs mid-stream and a restart, every committed write has its audit entry and every entry its write", async () => {
    const key = await createKey(dir, "kill-audit", ALL);
    const acknowledged = new Set<number>();
    const unexpected: string[] = [];
    let sequence = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const coach = await startHttpCoach({ dataDir: dir, args: UNLIMITED });
      // Killed right after a varying number of answers, while the other writers' requests are being committed.
      const target = acknowledged.size + 20 + round * 7;
      let killed = false;
      const writer = async () => {
        while (!killed) {
          const n = ++sequence;
          try {
            const answer = await call(coach, "PUT", `/v1/projects/p-${n}`, key, { name: `write ${n}` }, { "x-request-id": `write-${n}` });
            if (answer.status === 200) acknowledged.add(n);
            else unexpected.push(`write ${n}: ${answer.status}`);
          } catch {
            return;
          }
          if ((acknowledged.size >= target || unexpected.length > 0) && !killed) {
            killed = true;
            process.kill(coach.pid, "SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, writer));
      await coach.exited;
    }
    assert.deepEqual(unexpected, []);

    const restarted = await startHttpCoach({ dataDir: dir, args: UNLIMITED });
    try {
      const projects = (await call<{ projects: Project[] }>(restarted, "GET", "/v1/projects?limit=1000", key)).body.projects;
      const entries = (await call<{ entries: { request_id: string; status: number }[] }>(restarted, "GET", "/v1/audit-log?limit=1000", key)).body.entries;
      assert.ok(sequence < 1_000, "every write fits in one page of the log");
      const committed = new Set(projects.map((p) => Number(p.project_id.slice("p-".length))));
      const audited = new Map(entries.map((e) => [Number(e.request_id.slice("write-".length)), e.status]));
      assert.equal(audited.size, entries.length, "one entry per write");
      for (const n of acknowledged) assert.ok(committed.has(n), `acknowledged write ${n} is missing`);
      for (const n of committed) assert.equal(audited.get(n), 200, `committed write ${n} has no audit entry`);
      for (const n of audited.keys()) assert.ok(committed.has(n), `audit entry of write ${n} has no write`);
    } finally {
      await restarted.stop();
    }
  });
});
