import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import os from "node:os";
import path from "node:path";
import { WebSocket } from "ws";
import { createKey, request, runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";

type Upgrade = { ws: WebSocket } | { status: number; headers: IncomingHttpHeaders; body: string };

/** Asks for /v1/sync and reports what came back: an open socket, or the refusal's status, headers and body. */
function upgrade(coach: HttpCoach, credential: string, requestId: string): Promise<Upgrade> {
  const ws = new WebSocket(`${coach.url.replace(/^http/, "ws")}/v1/sync`, { headers: { authorization: `Bearer ${credential}`, "x-request-id": requestId } });
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws }));
    ws.once("unexpected-response", (_request, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    ws.once("error", reject);
  });
}

/** An open socket, subscribed as a client does, so the server's subscribe deadline cannot close it mid-test. */
async function opened(coach: HttpCoach, credential: string, requestId: string): Promise<WebSocket> {
  const result = await upgrade(coach, credential, requestId);
  if (!("ws" in result)) throw new Error(`upgrade ${requestId} refused: ${result.status} ${result.body}`);
  await subscribed(result.ws);
  return result.ws;
}

function subscribed(ws: WebSocket): Promise<void> {
  const live = new Promise<void>((resolve) => ws.on("message", (data) => (JSON.parse(data.toString()) as { type: string }).type === "live" && resolve()));
  ws.send(JSON.stringify({ type: "subscribe" }));
  return live;
}

async function refused(coach: HttpCoach, credential: string, requestId: string) {
  const result = await upgrade(coach, credential, requestId);
  if ("ws" in result) {
    result.ws.close();
    assert.fail(`upgrade ${requestId} was accepted`);
  }
  return result;
}

/** Closes the socket and waits until the server has logged it closed, so it no longer counts. */
async function closeAndWait(coach: HttpCoach, ws: WebSocket, requestId: string): Promise<void> {
  ws.close();
  await coach.waitForLine((line) => line.msg === "sync socket closed" && line.requestId === requestId);
}

const openSockets = async (coach: HttpCoach) => Number(/^websocket_connections (\d+)$/m.exec(await (await fetch(`${coach.url}/metrics`)).text())?.[1]);

describe("/v1/sync upgrade limits", function () {
  this.timeout(60_000);

  describe("the per-credential rate limit", () => {
    let dir: string;
    let coach: HttpCoach;
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-sync-rate-"));
      coach = await startHttpCoach({ dataDir: dir, args: ["--rate-limit", "3", "--rate-limit-window", "60"] });
    });
    after(async () => {
      await coach?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("each upgrade spends from the credential's request budget; past it the upgrade gets a plain 429 with Retry-After, RateLimit and RateLimit-Policy, and no socket", async () => {
      const key = await createKey(dir, "uma", ["project:read"]);
      const ws = await opened(coach, key, "budget-open-1");
      await closeAndWait(coach, ws, "budget-open-1");
      const read = await request(coach, "/v1/projects", { credential: key });
      assert.equal(read.headers.get("ratelimit")?.split(";")[1], "r=1", "the upgrade counted as a request");
      assert.equal((await request(coach, "/v1/projects", { credential: key })).status, 200);

      const limited = await refused(coach, key, "budget-over-1");
      assert.equal(limited.status, 429);
      const retryAfter = Number(limited.headers["retry-after"]);
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
      assert.equal(limited.headers.ratelimit, `"per-credential";r=0;t=${retryAfter}`);
      assert.equal(limited.headers["ratelimit-policy"], '"per-credential";q=3;w=60');
      assert.equal(limited.headers["x-request-id"], "budget-over-1");
      const problem = JSON.parse(limited.body) as { type: string; status: number; detail: string };
      assert.deepEqual([problem.type, problem.status], ["urn:interview-coach:problem:rate-limited", 429]);
      assert.match(problem.detail, /3 requests per 60 s/);
      await coach.waitForLine((line) => line.msg === "sync upgrade refused" && line.requestId === "budget-over-1" && line.status === 429);
      assert.ok(!coach.lines().some((line) => line.msg === "sync socket opened" && line.requestId === "budget-over-1"), "no socket was opened");
      assert.equal(await openSockets(coach), 0);

      assert.equal((await request(coach, "/v1/projects", { credential: key })).status, 429, "HTTP requests share the budget");
      const other = await createKey(dir, "uma", ["project:read"]);
      const fresh = await opened(coach, other, "budget-other-1");
      await closeAndWait(coach, fresh, "budget-other-1");
    });
  });

  describe("the open-socket cap", () => {
    let dir: string;
    let coach: HttpCoach;
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-sync-cap-"));
      coach = await startHttpCoach({ dataDir: dir, args: ["--rate-limit", "1000000", "--sync-max-sockets", "2"] });
    });
    after(async () => {
      await coach?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("past --sync-max-sockets open sockets a credential's upgrade gets 429; closing one frees its place; other credentials are unaffected", async () => {
      const key = await createKey(dir, "vic", ["project:read"]);
      const first = await opened(coach, key, "cap-1");
      const second = await opened(coach, key, "cap-2");
      const over = await refused(coach, key, "cap-3");
      assert.equal(over.status, 429);
      const problem = JSON.parse(over.body) as { type: string; detail: string };
      assert.equal(problem.type, "urn:interview-coach:problem:too-many-sockets");
      assert.match(problem.detail, /already has 2 open \/v1\/sync sockets.*--sync-max-sockets/);
      assert.equal(await openSockets(coach), 2);

      const other = await createKey(dir, "vic", ["project:read"]);
      const elsewhere = await opened(coach, other, "cap-other");

      await closeAndWait(coach, first, "cap-1");
      const again = await opened(coach, key, "cap-4");
      assert.equal((await refused(coach, key, "cap-5")).status, 429);
      for (const [ws, id] of [
        [second, "cap-2"],
        [again, "cap-4"],
        [elsewhere, "cap-other"],
      ] as const)
        await closeAndWait(coach, ws, id);
      assert.equal(await openSockets(coach), 0);
    });

    it("upgrades racing for the last places: exactly the cap get sockets", async () => {
      const key = await createKey(dir, "wes", ["project:read"]);
      const results = await Promise.all(["race-1", "race-2", "race-3", "race-4"].map((id) => upgrade(coach, key, id)));
      const sockets = results.flatMap((r, i) => ("ws" in r ? [[r.ws, `race-${i + 1}`] as const] : []));
      assert.equal(sockets.length, 2);
      await Promise.all(sockets.map(([ws]) => subscribed(ws)));
      assert.deepEqual(
        results.flatMap((r) => ("status" in r ? [r.status] : [])),
        [429, 429],
      );
      for (const [ws, id] of sockets) await closeAndWait(coach, ws, id);
    });

    it("--sync-max-sockets must be a whole number from 1", async () => {
      for (const value of ["0", "many"]) {
        const result = await runCli(["--http", "--sync-max-sockets", value, "--data-dir", dir]);
        assert.equal(result.code, 2);
        assert.match(result.stderr, new RegExp(`--sync-max-sockets: must be a whole number from 1 to 10000; got "${value}"`));
      }
    });
  });
});
