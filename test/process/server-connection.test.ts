import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ServerConnection, ToolCallError, type ConnectionState } from "../../extension/src/mcp/server-connection.js";
import { requireBuild, SERVER_BUNDLE } from "../support/spawned-coach.js";

function waitFor(connection: ServerConnection, predicate: (s: ConnectionState) => boolean, timeoutMs = 10_000): Promise<ConnectionState> {
  if (predicate(connection.current)) return Promise.resolve(connection.current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`state stayed ${JSON.stringify(connection.current)}`)), timeoutMs);
    const sub = connection.onDidChangeState((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(s);
    });
  });
}

describe("the extension's server connection (real bundled server)", function () {
  this.timeout(30_000);
  let dir: string;
  let connection: ServerConnection;
  const log: string[] = [];
  beforeEach(() => {
    requireBuild();
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-connection-"));
    connection = new ServerConnection({ runtime: process.execPath, serverPath: SERVER_BUNDLE, dataDir: dir }, { appendLine: (l) => log.push(l) });
  });
  afterEach(async () => {
    await connection.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("connects, calls tools, and turns a tool error into an error naming the field", async () => {
    const states: string[] = [];
    connection.onDidChangeState((s) => states.push(s.kind));
    await connection.start();
    assert.deepEqual(states, ["connecting", "ready"]);
    const { variants } = await connection.callTool("list_variants");
    assert.ok(variants.some((v) => v.id === "star-focused"));
    await assert.rejects(
      connection.callTool("get_analytics_report", { period: "hourly" as never }),
      (e: unknown) => e instanceof ToolCallError && /at period/.test(e.message),
    );
    assert.ok(
      log.some((l) => l.includes('"msg":"ready"')),
      "the server's stderr reaches the log",
    );
  });

  it("restarts a killed server within seconds and serves again", async () => {
    await connection.start();
    const firstPid = connection.pid!;
    process.kill(firstPid, "SIGKILL");
    const error = await waitFor(connection, (s) => s.kind === "error");
    assert.equal(error.kind === "error" && error.retryInMs, 500);
    const ready = await waitFor(connection, (s) => s.kind === "ready");
    assert.ok(ready.kind === "ready" && ready.pid !== firstPid);
    const profile = await connection.callTool("get_profile");
    assert.ok(profile.storyCount >= 8);
  });

  it("restart() replaces the process; dispose() stops it for good", async () => {
    await connection.start();
    const firstPid = connection.pid!;
    await connection.restart();
    assert.notEqual(connection.pid, firstPid);
    const lastPid = connection.pid!;
    await connection.dispose();
    assert.equal(connection.current.kind, "stopped");
    await new Promise((r) => setTimeout(r, 300));
    assert.throws(() => process.kill(lastPid, 0), "the server process has exited");
    await assert.rejects(connection.start(), /disposed/);
  });
});
