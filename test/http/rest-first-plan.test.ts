import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createKey, request, startHttpCoach, type HttpCoach } from "../support/http-server.js";

type Json = Record<string, unknown>;
interface Problem {
  status: number;
  errors?: { field: string; rule: string }[];
}

const PRACTICE = [
  { accuracy: 0.9, storyCoverage: 0.75, satisfaction: 5, responseTime: 80, category: "conflict" },
  { accuracy: 0.5, storyCoverage: 0.25, satisfaction: 3, responseTime: 140, category: "leadership" },
];
/** A report with every timestamp blanked: two calls a few milliseconds apart differ only there. */
const untimed = (report: Json) => JSON.parse(JSON.stringify(report).replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"')) as Json;

describe("REST routes of the product's first plan outside /api/v1", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let alice: string;
  let projectsOnly: string;
  const api = async <T = Json>(route: string, init: { key?: string | null; body?: unknown; method?: string } = {}) => {
    const response = await request(coach, route, { credential: init.key === null ? undefined : (init.key ?? alice), body: init.body, method: init.method });
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-first-plan-"));
    [alice, projectsOnly] = await Promise.all([createKey(dir, "alice", ["memory:access"]), createKey(dir, "alice", ["project:read"])]);
    coach = await startHttpCoach({ dataDir: dir, args: ["--rate-limit", "10000"] });
    for (const record of PRACTICE) assert.equal((await api("/api/v1/performance", { body: record })).status, 201);
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("GET /api/analytics/performance", () => {
    it("is the analytics report of /api/v1/analytics/{period}, from the person's practice (200)", async () => {
      const weekly = await api("/api/analytics/performance?period=weekly");
      assert.equal(weekly.status, 200);
      const current = weekly.body.current as { attempts: number; accuracy: number; satisfaction: number };
      assert.deepEqual([weekly.body.period, current.attempts, current.accuracy, current.satisfaction], ["weekly", 2, 0.7, 4]);
      assert.deepEqual(untimed(weekly.body), untimed((await api("/api/v1/analytics/weekly")).body));
      const conflict = await api("/api/analytics/performance?period=monthly&category=conflict");
      assert.deepEqual([conflict.body.category, (conflict.body.current as { attempts: number }).attempts], ["conflict", 1]);
      assert.deepEqual(untimed(conflict.body), untimed((await api("/api/v1/analytics/monthly?category=conflict")).body));
      assert.equal((await api("/api/analytics/performance?period=daily")).status, 200);
    });

    it("a period other than daily, weekly or monthly, or none, is a 400 naming period", async () => {
      for (const query of ["?period=yearly", "?period=", "?period=Weekly", ""]) {
        const refused = await api<Problem>(`/api/analytics/performance${query}`);
        assert.equal(refused.status, 400, query);
        assert.deepEqual(refused.body.errors, [{ field: "period", rule: 'must be "daily", "weekly" or "monthly"' }], query);
      }
    });
  });

  it("each needs a credential (401 with the Bearer challenge) carrying memory:access (403)", async () => {
    const calls = [{ route: "/api/analytics/performance?period=weekly", body: undefined }];
    for (const { route, body } of calls) {
      const anonymous = await api<Problem>(route, { key: null, body });
      assert.equal(anonymous.status, 401, route);
      assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Bearer realm="interview-coach"/);
      const unscoped = await api<Problem>(route, { key: projectsOnly, body });
      assert.equal(unscoped.status, 403, route);
      assert.match(unscoped.headers.get("www-authenticate") ?? "", /error="insufficient_scope", scope="memory:access"/);
    }
  });
});
