import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AwarenessStore, AwarenessStoreOptions } from "../../mcp-server/src/awareness/awareness-store.js";
import { SqliteAwarenessStore } from "../../mcp-server/src/awareness/sqlite/sqlite-awareness-store.js";
import { describeAwarenessStore, type StoreHarness } from "../support/awareness-store-behaviour.js";

class SqliteHarness implements StoreHarness {
  dir = "";
  private readonly opened: AwarenessStore[] = [];

  async reset(): Promise<void> {
    this.dir = mkdtempSync(path.join(os.tmpdir(), "coach-awareness-"));
  }

  async open(options: AwarenessStoreOptions): Promise<AwarenessStore> {
    const store = SqliteAwarenessStore.open(this.dir, options);
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

describe("SQLite awareness store", () => {
  beforeEach(() => harness.reset());
  afterEach(() => harness.cleanup());

  it("a write has committed when it resolves: a store opened afterwards on the folder reads it", async () => {
    const first = await harness.open({ node: "a" });
    const put = await first.putProject("ada", "acme", { name: "Acme", platforms: ["vscode"] });
    await first.close();
    const reopened = await harness.open({ node: "b" });
    assert.deepEqual(await reopened.getProject("ada", "acme"), put.state);
    assert.deepEqual((await reopened.changesSince("ada", null)).changes.map((c) => c.clock), [put.clock]);
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
});
