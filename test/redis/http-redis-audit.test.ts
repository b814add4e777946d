import assert from "node:assert/strict";
import { call, clockAt } from "../http/awareness-client.js";
import { keyIdOf, type HttpCoach } from "../support/http-server.js";
import { RedisFleet } from "../support/redis-fleet.js";

describe("audit log of two HTTP instances on one Redis", function () {
  this.timeout(90_000);
  let fleet: RedisFleet;
  let a: HttpCoach;
  let b: HttpCoach;

  before(async () => {
    fleet = await RedisFleet.start();
    [a, b] = await Promise.all([fleet.instance(), fleet.instance()]);
  });
  after(() => fleet?.stop());

  it("has one entry per applied write, committed by its script with the status its caller got, and one per denied write", async () => {
    const key = await fleet.key("audited", ["project:read", "project:write"]);
    const now = Date.now();
    const requests: [HttpCoach, string, string, unknown, Record<string, string>?][] = [
      [a, "PUT", "/v1/projects/acme", { name: "Acme", clock: clockAt(now - 3_000, "vscode") }],
      [b, "PUT", "/v1/projects/acme", { name: "Acme", clock: clockAt(now - 3_000, "vscode") }],
      [b, "DELETE", "/v1/projects/acme", { clock: clockAt(now - 2_000, "claude") }],
      [a, "PUT", "/v1/projects/acme", { name: "Late", clock: clockAt(now - 2_500, "vscode") }],
      [a, "DELETE", "/v1/projects/acme", undefined],
      [b, "PUT", "/v1/projects/acme", { name: "" }],
      [a, "PUT", "/v1/projects/globex", { name: "Globex" }, { "idempotency-key": "audit-once" }],
      [b, "PUT", "/v1/projects/globex", { name: "Globex" }, { "idempotency-key": "audit-once" }],
      [b, "PUT", "/v1/projects/globex", { name: "Other" }, { "idempotency-key": "audit-once" }],
    ];
    const answered: { requestId: string; status: number; replayed: boolean }[] = [];
    for (const [i, [coach, method, route, body, headers]] of requests.entries()) {
      const requestId = `redis-audit-${i}`;
      const answer = await call(coach, method, route, key, body, { ...headers, "x-request-id": requestId });
      answered.push({ requestId, status: answer.status, replayed: answer.headers.get("idempotent-replayed") === "true" });
    }
    assert.deepEqual(
      answered.map((r) => r.status),
      [200, 200, 204, 409, 404, 400, 200, 200, 422],
    );
    const log = (await call<{ entries: { request_id: string; status: number; credential_id: string }[] }>(b, "GET", "/v1/audit-log", key)).body.entries;
    assert.deepEqual(
      log.map((e) => [e.request_id, e.status, e.credential_id]).reverse(),
      answered.filter((r) => !r.replayed).map((r) => [r.requestId, r.status, keyIdOf(key)]),
    );
  });
});
