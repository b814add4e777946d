import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ApiKeyStore } from "../../mcp-server/src/http/auth/api-keys.js";
import { openServerDatabase } from "../../mcp-server/src/http/server-database.js";
import type { Logger } from "../../mcp-server/src/log.js";

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

describe("API keys in the server database", () => {
  let dir = "";
  const opened: { close(): void }[] = [];
  const open = () => {
    const database = openServerDatabase(dir, quiet);
    opened.push(database);
    return new ApiKeyStore(database);
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-keys-"));
  });
  afterEach(() => {
    for (const database of opened.splice(0)) database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("accepts the key again and again, and never another secret under its id, even once the key was accepted", async () => {
    const server = open();
    const { key } = await server.create({ userId: "ada", scopes: ["project:read"], name: null });
    assert.equal((await server.check(key)).ok, true);
    assert.equal((await server.check(key)).ok, true);
    const [, id, secret] = /^ick_([0-9a-f]{16})_(.+)$/.exec(key)!;
    const guess = `ick_${id}_${secret!.slice(0, -1)}${secret!.endsWith("A") ? "B" : "A"}`;
    assert.deepEqual(await server.check(guess), { ok: false, reason: "unknown" });
    assert.equal((await server.check(key)).ok, true);
  });

  it("a revocation made by another process on the same file takes effect on the next check", async () => {
    const server = open();
    const { key, record } = await server.create({ userId: "ada", scopes: ["project:read"], name: null });
    assert.equal((await server.check(key)).ok, true);
    // The keys subcommand: its own connection to the same file.
    await open().revoke(record.id);
    const checked = await server.check(key);
    assert.equal(checked.ok, false);
    assert.equal(!checked.ok && checked.reason, "revoked");
  });
});
