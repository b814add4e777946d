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

  it("answers at once only for a key it has read, and only until the file changes", async () => {
    const server = open();
    const { key, record } = await server.create({ userId: "ada", scopes: ["project:read"], name: null });
    assert.equal(server.checkKnown(key), undefined, "not read yet: check() must look it up");
    assert.equal((await server.check(key)).ok, true);
    assert.equal(server.checkKnown(key)?.ok, true);
    assert.equal(server.getKnown(record.id)?.userId, "ada");
    assert.equal(server.checkKnown(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`)?.ok, false, "another secret under a known id is refused at once");
    await open().revoke(record.id);
    assert.equal(server.checkKnown(key), undefined, "another process wrote the file: look again");
    assert.equal(server.getKnown(record.id), undefined);
    assert.equal((await server.check(key)).ok, false);
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
