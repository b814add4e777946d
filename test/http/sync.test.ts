import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WebSocket } from "ws";
import type { Change } from "../../mcp-server/src/contracts/awareness.js";
import { createKey, keyIdOf, runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { call, SyncClient, UNLIMITED } from "./awareness-client.js";

const ALL = ["project:read", "project:write", "session:sync"];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe("/v1/sync WebSocket", function () {
  this.timeout(90_000);
  let dir: string;
  let coach: HttpCoach;
  let ada: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-sync-"));
    ada = await createKey(dir, "ada", ALL);
    coach = await startHttpCoach({ dataDir: dir, args: UNLIMITED });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const put = (key: string, route: string, body: unknown) => call(coach, "PUT", route, key, body);

  it("delivers every committed change of the user, projects and sessions, with its clock, as committed", async () => {
    const key = await createKey(dir, "live-user", ALL);
    const other = await createKey(dir, "someone-else", ALL);
    const client = await SyncClient.open(coach, key);
    try {
      assert.deepEqual(client.messages, [{ type: "snapshot" }, { type: "live", clock: null }], "a new user's state: empty");
      const project = await put(key, "/v1/projects/acme", { name: "Acme", platforms: ["claude"] });
      await put(other, "/v1/projects/acme", { name: "Not yours" });
      const session = await put(key, "/v1/sessions/claude-1", { platform: "claude", active_project: "acme" });
      await call(coach, "DELETE", "/v1/projects/acme", key);
      const changes = await client.changesCount(3);
      assert.deepEqual(changes[0], { entity: "project", id: "acme", clock: project.headers.get("awareness-clock"), deleted: false, state: project.body });
      assert.deepEqual(changes[1], { entity: "session", id: "claude-1", clock: session.headers.get("awareness-clock"), deleted: false, state: session.body });
      assert.deepEqual([changes[2]!.entity, changes[2]!.id, changes[2]!.deleted], ["project", "acme", true]);
      await put(key, "/v1/projects/marker", { name: "Marker" });
      await client.changesCount(4);
      assert.equal(client.changes.length, 4, "nothing of the other user's");
    } finally {
      await client.close();
    }
  });

  it("reconnecting with the last clock seen replays exactly what was missed, then goes live without gaps or duplicates", async () => {
    const key = await createKey(dir, "reconnector", ALL);
    const first = await SyncClient.open(coach, key);
    for (let i = 0; i < 5; i++) await put(key, `/v1/projects/p${i}`, { name: `P${i}` });
    await first.changesCount(5);
    const seen = first.lastClock!;
    await first.close();

    // Missed while away: new projects, a change to one seen before, a delete, a session. 250 of them: more than one replay page.
    await put(key, "/v1/projects/p1", { name: "P1 renamed" });
    await call(coach, "DELETE", "/v1/projects/p2", key);
    await put(key, "/v1/sessions/vscode-1", { platform: "vscode" });
    for (let i = 0; i < 250; i++) await put(key, `/v1/projects/bulk-${i}`, { name: `Bulk ${i}` });
    const missed = (await call<{ changes: Change[] }>(coach, "GET", `/v1/changes?since=${seen}&limit=1000`, key)).body.changes;
    assert.equal(missed.length, 253);

    // Writes keep coming while the replay runs: each must arrive once, after the replay, in clock order.
    const writer = (async () => {
      for (let i = 0; i < 20; i++) await put(key, `/v1/projects/during-${i}`, { name: `During ${i}` });
    })();
    const second = await SyncClient.open(coach, key, { since: seen });
    await writer;
    const all = await second.changesCount(273);
    assert.deepEqual(
      all.slice(0, missed.length).map((c) => c.clock),
      missed.map((c) => c.clock),
      "the replay is what /v1/changes lists as missed",
    );
    const clocks = all.map((c) => c.clock);
    assert.deepEqual(clocks, [...new Set(clocks)].sort(), "ascending, each once");
    const ids = new Set(all.map((c) => c.id));
    for (const id of ["p1", "p2", "vscode-1", "bulk-0", "bulk-249", "during-0", "during-19"]) assert.ok(ids.has(id), id);
    for (const id of ["p0", "p3", "p4"]) assert.ok(!ids.has(id), `${id} was seen before the disconnect`);
    assert.ok(all.every((c) => c.clock > seen));
    await second.close();
  });

  it("a subscribe without since replays the user's current state; a credential without session:sync sees no sessions", async () => {
    const key = await createKey(dir, "fresh", ALL);
    const projectsOnly = await createKey(dir, "fresh", ["project:read"]);
    await put(key, "/v1/projects/a", { name: "A" });
    await put(key, "/v1/sessions/s", { platform: "chatgpt" });
    const full = await SyncClient.open(coach, key);
    const narrow = await SyncClient.open(coach, projectsOnly);
    try {
      assert.deepEqual(
        full.changes.map((c) => c.id),
        ["a", "s"],
      );
      assert.equal(full.messages[0]!.type, "snapshot", "announced before the state it replaces with");
      assert.deepEqual(
        narrow.changes.map((c) => c.id),
        ["a"],
      );
      assert.deepEqual(narrow.messages.at(-1), { type: "live", clock: full.changes[1]!.clock }, "live reports the last clock handled");
    } finally {
      await full.close();
      await narrow.close();
    }
  });

  it("a plain GET, without Upgrade, is told the path is a WebSocket (426), not that it does not exist", async () => {
    const response = await fetch(`${coach.url}/v1/sync`);
    assert.equal(response.status, 426);
    assert.equal(response.headers.get("upgrade"), "websocket");
    assert.equal(response.headers.get("content-type"), "application/problem+json; charset=utf-8");
    assert.match(((await response.json()) as { detail: string }).detail, /is a WebSocket/);
  });

  it("refuses unauthenticated and under-scoped upgrades with plain HTTP 401/403 and WWW-Authenticate, before any socket", async () => {
    const refused = async (credential: string | null) => {
      try {
        await SyncClient.open(coach, credential, { subscribe: false });
      } catch (error) {
        return error as { status: number; headers: Record<string, string>; body: string };
      }
      assert.fail("the upgrade was accepted");
    };
    const anonymous = await refused(null);
    assert.equal(anonymous.status, 401);
    assert.equal(
      anonymous.headers["www-authenticate"],
      `Bearer realm="interview-coach", resource_metadata="${coach.url}/.well-known/oauth-protected-resource"`,
    );
    assert.equal((JSON.parse(anonymous.body) as { status: number }).status, 401);
    const bad = await refused("ick_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assert.equal(bad.status, 401);
    assert.match(bad.headers["www-authenticate"]!, /error="invalid_token"/);
    const sessionsOnly = await createKey(dir, "ada", ["session:sync"]);
    const forbidden = await refused(sessionsOnly);
    assert.equal(forbidden.status, 403);
    assert.match(forbidden.headers["www-authenticate"]!, /error="insufficient_scope", scope="project:read"/);
    const elsewhere = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${coach.url.replace(/^http/, "ws")}/v1/elsewhere`, { headers: { authorization: `Bearer ${ada}` } });
      ws.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      ws.on("error", () => resolve(-1));
    });
    assert.equal(elsewhere, 404);
    const text = await (await fetch(`${coach.url}/metrics`)).text();
    assert.match(text, /^websocket_connections 0$/m, "refused upgrades never counted as connections");
  });

  it("bad client messages get an error naming the field, then close 1008", async () => {
    const cases: [string, string][] = [
      ["not json", "message"],
      [JSON.stringify({ type: "unsubscribe" }), "type"],
      [JSON.stringify({ type: "subscribe", since: "last tuesday" }), "since"],
      [JSON.stringify({ type: "subscribe", extra: 1 }), "message"],
    ];
    for (const [text, field] of cases) {
      const client = await SyncClient.open(coach, ada, { subscribe: false });
      client.ws.send(text);
      const { code, reason } = await client.closed;
      assert.equal(code, 1008, text);
      assert.match(reason, new RegExp(`^${field}: `));
      assert.deepEqual([client.messages[0]?.type, client.messages[0]?.field], ["error", field]);
    }
    const twice = await SyncClient.open(coach, ada);
    twice.ws.send(JSON.stringify({ type: "subscribe" }));
    assert.equal((await twice.closed).code, 1008);
  });

  it("heartbeats: a socket that stops answering pings is closed; a revoked key ends its sockets (4401)", async () => {
    // Its own server: a heartbeat this short would end sockets of a busy test process elsewhere.
    const own = mkdtempSync(path.join(os.tmpdir(), "coach-http-sync-beat-"));
    const key = await createKey(own, "ada", ALL);
    const server = await startHttpCoach({ dataDir: own, args: ["--sync-heartbeat", "2"] });
    try {
      await heartbeats(server, own, key);
    } finally {
      await server.stop();
      rmSync(own, { recursive: true, force: true });
    }
  });

  async function heartbeats(server: HttpCoach, own: string, key: string): Promise<void> {
    const silent = await SyncClient.open(server, key, { autoPong: false });
    const { code } = await silent.closed;
    assert.equal(code, 1006, "terminated without a close frame");

    const doomed = await createKey(own, "ada", ALL);
    const client = await SyncClient.open(server, doomed);
    const healthy = await SyncClient.open(server, key);
    assert.equal((await runCli(["keys", "revoke", keyIdOf(doomed), "--data-dir", own])).code, 0);
    const closed = await client.closed;
    assert.deepEqual(closed, { code: 4401, reason: "credential revoked or expired" });
    assert.equal(healthy.ws.readyState, WebSocket.OPEN, "a socket that answers pings with a valid key stays open");
    await healthy.close();
  }

  it("a reader too slow for the changes it is sent is closed with 1013 once its send buffer fills", async () => {
    // A paused reader answers no pings either: this server's heartbeat (30 s) must not end it first.
    const own = mkdtempSync(path.join(os.tmpdir(), "coach-http-sync-slow-"));
    const key = await createKey(own, "slowpoke", ALL);
    const server = await startHttpCoach({ dataDir: own, args: UNLIMITED });
    try {
      await slowReader(server, key);
    } finally {
      await server.stop();
      rmSync(own, { recursive: true, force: true });
    }
  });

  async function slowReader(server: HttpCoach, key: string): Promise<void> {
    const client = await SyncClient.open(server, key);
    client.ws.pause();
    const context = { notes: "n".repeat(15_000) };
    let sent = 0;
    const closedOnServer = server.waitForLine((l) => l.msg === "sync socket reads too slowly; closing it", 60_000);
    let done = false;
    void closedOnServer.then(() => (done = true));
    // Each change carries the whole session (~15 kB): the kernel's socket buffers fill, then the server's own.
    while (!done && sent < 3_000) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(server, "PUT", `/v1/sessions/s${(sent + i) % 50}`, key, { platform: "vscode", context: { ...context, n: sent + i } }),
        ),
      );
      sent += 20;
    }
    const line = await closedOnServer;
    assert.ok(Number(line.bufferedBytes) > 1024 * 1024);
    client.ws.resume();
    const { code, reason } = await client.closed;
    assert.equal(code, 1013);
    assert.match(reason, /send buffer full/);
    console.log(`      slow reader closed after ${sent} writes (${Math.round(Number(line.bufferedBytes) / 1024)} KiB queued on the server)`);
  }

  it("PUT → WebSocket delivery latency (figures only, not a pass/fail)", async () => {
    const key = await createKey(dir, "latency", ALL);
    const client = await SyncClient.open(coach, key);
    const delays: number[] = [];
    for (let i = 0; i < 100; i++) {
      const started = performance.now();
      const put = call(coach, "PUT", `/v1/projects/l${i % 10}`, key, { name: `L${i}` });
      await client.changesCount(i + 1);
      delays.push(performance.now() - started);
      await put;
    }
    await client.close();
    console.log(
      `      PUT→WebSocket over 100 writes: p50 ${percentile(delays, 50).toFixed(1)} ms, p95 ${percentile(delays, 95).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms`,
    );
  });

  it("graceful shutdown closes every socket with 1001 at once, so the process exits without waiting for clients", async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), "coach-http-sync-stop-"));
    try {
      const key = await createKey(own, "ada", ALL);
      const server = await startHttpCoach({ dataDir: own });
      const clients = await Promise.all([SyncClient.open(server, key), SyncClient.open(server, key), SyncClient.open(server, key, { subscribe: false })]);
      const started = Date.now();
      process.kill(server.pid, "SIGTERM");
      const closes = await Promise.all(clients.map((c) => c.closed));
      assert.deepEqual(
        closes.map((c) => c.code),
        [1001, 1001, 1001],
      );
      assert.deepEqual(await server.exited, { code: 0, signal: null });
      assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
      const refused = await SyncClient.open(server, key).then(
        () => "opened",
        () => "refused",
      );
      assert.equal(refused, "refused");
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
