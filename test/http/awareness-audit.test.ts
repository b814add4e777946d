import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createKey, keyIdOf, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { call, clockAt } from "./awareness-client.js";

const ALL = ["project:read", "project:write", "session:sync"];
const RATE_LIMIT = 20;

interface Entry {
  credential_id: string;
  action: string;
  target: string | null;
  request_id: string;
  status: number;
}

/** One request of the scenario and the answer its caller got. */
interface Sent {
  requestId: string;
  credential: string;
  action: string;
  status: number;
  replayed: boolean;
}

describe("awareness audit log over HTTP", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-audit-"));
    coach = await startHttpCoach({ dataDir: dir, args: ["--body-limit", "8192", "--rate-limit", String(RATE_LIMIT), "--rate-limit-window", "3600"] });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("holds exactly one entry per applied write with the status its caller got, and one per denied write; replays add none", async () => {
    const [writer, readOnly, reader] = await Promise.all([
      createKey(dir, "audited", ALL),
      createKey(dir, "audited", ["project:read"]),
      createKey(dir, "audited", ["project:read"]),
    ]);
    const sent: Sent[] = [];
    const send = async (credential: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
      const requestId = `audit-${sent.length + 1}`;
      const answer = await call(coach, method, route, credential, body, { ...headers, "x-request-id": requestId });
      sent.push({ requestId, credential, action: `${method} ${route}`, status: answer.status, replayed: answer.headers.get("idempotent-replayed") === "true" });
      return answer.status;
    };
    const now = Date.now();
    const statuses = [
      await send(writer, "PUT", "/v1/projects/acme", { name: "Acme", clock: clockAt(now - 3_000, "vscode") }),
      await send(writer, "PUT", "/v1/projects/acme", { name: "Acme", clock: clockAt(now - 3_000, "vscode") }),
      await send(writer, "PUT", "/v1/projects/acme", { name: "" }),
      await send(readOnly, "PUT", "/v1/projects/acme", { name: "Not mine to write" }),
      await send(writer, "PUT", "/v1/projects/acme", { name: "x".repeat(10_000) }),
      await send(writer, "DELETE", "/v1/projects/acme", { clock: clockAt(now - 2_000, "claude") }),
      await send(writer, "PUT", "/v1/projects/acme", { name: "Late", clock: clockAt(now - 2_500, "vscode") }),
      await send(writer, "DELETE", "/v1/projects/acme"),
      await send(writer, "PUT", "/v1/sessions/ended", { platform: "claude", expires_at: new Date(now - 1_000).toISOString() }),
      await send(writer, "PUT", "/v1/sessions/s1", { platform: "vscode" }, { "idempotency-key": "audit-key-1" }),
      await send(writer, "PUT", "/v1/sessions/s1", { platform: "vscode" }, { "idempotency-key": "audit-key-1" }),
      await send(writer, "PUT", "/v1/sessions/s1", { platform: "claude" }, { "idempotency-key": "audit-key-1" }),
      await send(writer, "DELETE", "/v1/sessions/s1"),
    ];
    assert.deepEqual(statuses, [200, 200, 400, 403, 413, 204, 409, 404, 409, 200, 200, 422, 204]);
    assert.deepEqual(
      sent.map((s) => s.replayed),
      statuses.map((_, i) => i === 10),
    );
    for (let i = 0; i < RATE_LIMIT && sent.at(-1)!.status !== 429; i++) await send(writer, "PUT", `/v1/projects/filler-${i}`, { name: "Filler" });
    assert.equal(sent.at(-1)!.status, 429, "the writer ran out of requests");

    const log = await call<{ entries: Entry[] }>(coach, "GET", "/v1/audit-log?limit=1000", reader);
    assert.equal(log.status, 200);
    const expected = sent.filter((s) => !s.replayed).map((s) => [s.requestId, s.status, keyIdOf(s.credential), s.action]);
    const entries = log.body.entries.map((e) => [e.request_id, e.status, e.credential_id, e.action]);
    assert.deepEqual(entries.reverse(), expected);
    assert.ok(
      log.body.entries.every((e) => e.target === `${e.action.includes("sessions") ? "session" : "project"}:${e.action.split("/").at(-1)}`),
      "each entry names what it was done to",
    );
  });
});
