import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_AWARENESS_POLICY, type AwarenessStore, type AwarenessStoreOptions } from "../../mcp-server/src/awareness/awareness-store.js";
import { AWARENESS_DATABASE_FILE, AWARENESS_MIGRATIONS } from "../../mcp-server/src/awareness/sqlite/awareness-migrations.js";
import { SqliteAwarenessStore } from "../../mcp-server/src/awareness/sqlite/sqlite-awareness-store.js";
import { CoachDatabase } from "../../mcp-server/src/store/database.js";
import { StoreBusyError } from "../../mcp-server/src/store/lock.js";
import { describeAwarenessStore, type StoreHarness } from "../support/awareness-store-behaviour.js";

class SqliteHarness implements StoreHarness {
  dir = "";
  private readonly opened: AwarenessStore[] = [];

  constructor(readonly singleInstance = false) {}

  async reset(): Promise<void> {
    this.dir = mkdtempSync(path.join(os.tmpdir(), "coach-awareness-"));
  }

  async open(options: AwarenessStoreOptions): Promise<AwarenessStore> {
    const store = SqliteAwarenessStore.open(this.dir, { ...options, ownedByThisProcess: this.singleInstance });
    this.opened.push(store);
    return store;
  }

  async cleanup(): Promise<void> {
    for (const store of this.opened.splice(0)) await store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const harness = new SqliteHarness();
describeAwarenessStore("SQLite", harness);
// As the HTTP server opens it: the file stays locked by one store while it is open.
const owned = new SqliteHarness(true);
describeAwarenessStore("SQLite owned by one process", owned);

describe("SQLite awareness store owned by one process", () => {
  beforeEach(() => owned.reset());
  afterEach(() => owned.cleanup());

  it("reads kept in memory follow every write, delete and purge made through the store", async () => {
    let time = Date.now();
    const store = await owned.open({ node: "a", now: () => time, sessionTtlMs: 60_000, sessionGraceMs: 1_000 });
    assert.equal(await store.getProject("ada", "acme"), null);
    await store.putProject("ada", "acme", { name: "Acme" });
    assert.equal((await store.getProject("ada", "acme"))?.name, "Acme");
    await store.putProject("ada", "acme", { name: "Acme Corp" });
    assert.equal((await store.getProject("ada", "acme"))?.name, "Acme Corp");
    assert.equal(await store.getProject("grace", "acme"), null, "another user's id reads nothing");
    await store.deleteProject("ada", "acme");
    assert.equal(await store.getProject("ada", "acme"), null);

    await store.putSession("ada", "s1", { platform: "vscode" });
    assert.equal((await store.getSession("ada", "s1"))?.platform, "vscode");
    time += 62_000;
    assert.equal(await store.purgeExpired(), 1);
    await store.putSession("ada", "s1", { platform: "claude" });
    assert.equal((await store.getSession("ada", "s1"))?.platform, "claude", "a session written after the purge reads as written");
  });
});

describe("SQLite awareness store", () => {
  beforeEach(() => harness.reset());
  afterEach(() => harness.cleanup());

  it("a write has committed when it resolves: a store opened afterwards on the folder reads it", async () => {
    const first = await harness.open({ node: "a" });
    const put = await first.putProject("ada", "acme", { name: "Acme", platforms: ["vscode"] });
    await first.close();
    const reopened = await harness.open({ node: "b" });
    assert.deepEqual(await reopened.getProject("ada", "acme"), put.state);
    assert.deepEqual(
      (await reopened.changesSince("ada", null)).changes.map((c) => c.clock),
      [put.clock],
    );
  });

  it("purges lapsed idempotency records and audit entries past their retention", async () => {
    let time = Date.now();
    const store = await harness.open({ node: "a", now: () => time, auditRetentionMs: 10 * 60_000 });
    await store.claimIdempotency("ada", "k", "fp");
    await store.completeIdempotency("ada", "k", "fp", { status: 200, body: {} });
    await store.appendAudit({ userId: "ada", credentialId: "key", action: "PUT /v1/projects/a", requestId: "r1" });
    assert.equal(await store.purgeExpired(), 0);
    time += 24 * 3_600_000 + 1;
    assert.equal(await store.purgeExpired(), 2);
    assert.deepEqual(await store.auditLog("ada"), []);
  });

  it("a project deleted before tombstones were compacted is compacted after the upgrade, and a reader from before it gets a snapshot", async () => {
    let time = Date.now();
    const unmigrated = new CoachDatabase(harness.dir, { schema: { file: AWARENESS_DATABASE_FILE, migrations: AWARENESS_MIGRATIONS.slice(0, 1) } });
    const old = new SqliteAwarenessStore(unmigrated, { node: "a", now: () => time });
    await old.putProject("ada", "acme", { name: "Acme" });
    const seen = (await old.putProject("ada", "globex", { name: "Globex" })).clock;
    await old.deleteProject("ada", "globex");
    // As the version before kept a deleted project: no visible_until.
    await unmigrated.write((db) => db.run("UPDATE awareness_entities SET visible_until = NULL"));
    await old.close();

    const store = await harness.open({ node: "b", now: () => time });
    time += DEFAULT_AWARENESS_POLICY.tombstoneHorizonMs + 60_000;
    assert.equal(await store.purgeExpired(), 1);
    const page = await store.changesSince("ada", seen);
    assert.deepEqual([page.snapshot, page.changes.map((c) => c.id)], [true, ["acme"]]);
  });
});

describe("SQLite awareness store owned by one process", () => {
  beforeEach(() => owned.reset());
  afterEach(() => owned.cleanup());

  it("refuses a second owner while the first is open, and lets the next one in once it closes", async () => {
    const first = await owned.open({ node: "a" });
    await first.putProject("ada", "acme", { name: "Acme" });
    const second = await owned.open({ node: "b" });
    await assert.rejects(second.ping(), StoreBusyError);
    await first.close();
    const third = await owned.open({ node: "c" });
    assert.equal((await third.getProject("ada", "acme"))?.name, "Acme");
  });
});
