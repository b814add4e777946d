import assert from "node:assert/strict";
import { Redis } from "ioredis";
import type { AwarenessChangeEvent, AwarenessStore, AwarenessStoreOptions } from "../../mcp-server/src/awareness/awareness-store.js";
import { projectRegisters, projectView } from "../../mcp-server/src/awareness/entities.js";
import { applyPatch, EMPTY_STATE } from "../../mcp-server/src/awareness/lww.js";
import { RedisAwarenessStore } from "../../mcp-server/src/awareness/redis/redis-awareness-store.js";
import { changeMember } from "../../mcp-server/src/awareness/redis/redis-keys.js";
import type { ProjectPut } from "../../mcp-server/src/contracts/awareness.js";
import { describeAwarenessStore, type StoreHarness } from "../support/awareness-store-behaviour.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

class RedisHarness implements StoreHarness {
  server: RedisServer | null = null;
  admin: Redis | null = null;
  private readonly opened: AwarenessStore[] = [];

  async start(): Promise<void> {
    this.server = await startRedisServer();
    this.admin = new Redis(this.server.url);
  }

  async stop(): Promise<void> {
    await this.admin?.quit();
    await this.server?.stop();
  }

  async reset(): Promise<void> {
    await this.admin!.flushall();
  }

  /** Each instance has its own connections, as a separate server process would. */
  async open(options: AwarenessStoreOptions): Promise<RedisAwarenessStore> {
    const store = RedisAwarenessStore.connect(this.server!.url, options);
    this.opened.push(store);
    return store;
  }

  async cleanup(): Promise<void> {
    for (const store of this.opened.splice(0)) await store.close();
  }
}

const harness = new RedisHarness();
before(() => harness.start());
after(() => harness.stop());

describeAwarenessStore("Redis", harness);

describe("Redis awareness store across instances", () => {
  beforeEach(() => harness.reset());
  afterEach(() => harness.cleanup());

  it("a change committed on one instance reaches the subscribers of another", async () => {
    const a = await harness.open({ node: "instance-a" });
    const b = await harness.open({ node: "instance-b" });
    const heard: AwarenessChangeEvent[] = [];
    await b.subscribe((event) => heard.push(event));
    const put = await a.putProject("ada", "acme", { name: "Acme", platforms: ["claude"] });
    await eventually(() => heard.length === 1);
    assert.deepEqual(heard[0], { userId: "ada", change: { entity: "project", id: "acme", clock: put.clock, deleted: false, state: put.state } });
  });

  it("two instances writing at once with their own clocks converge, and every change is logged once, in order", async () => {
    const a = await harness.open({ node: "instance-a" });
    const b = await harness.open({ node: "instance-b" });
    const heard: string[] = [];
    await b.subscribe((event) => heard.push(event.change.clock));
    const puts: ProjectPut[] = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? { name: `name ${i}` }
        : i % 3 === 1
          ? { statistics: { attempts: i, accuracy: 0.5, streak_days: 1 } }
          : { name: `both ${i}`, platforms: ["vscode"] },
    );
    const results = await Promise.all(puts.map((put, i) => (i % 2 ? a : b).putProject("ada", "race", put)));
    let expected = EMPTY_STATE;
    results.forEach((result, i) => (expected = applyPatch(expected, projectRegisters(puts[i]!), result.writeClock).state));
    assert.deepEqual(await a.getProject("ada", "race"), projectView("race", expected));
    assert.deepEqual(await b.getProject("ada", "race"), projectView("race", expected));
    const committed = results.flatMap((r) => (r.clock ? [r.clock] : []));
    await eventually(() => heard.length === committed.length);
    assert.deepEqual(heard, [...committed].sort(), "subscribers hear changes in log order");
    assert.equal(new Set(committed).size, committed.length, "no two changes share a clock");
  });

  it("two instances claiming one idempotency key at once: exactly one wins, the other sees it in progress or replays it", async () => {
    const a = await harness.open({ node: "instance-a" });
    const b = await harness.open({ node: "instance-b" });
    const claims = await Promise.all([a, b, a, b].map((store) => store.claimIdempotency("ada", "put-acme-1", "fp")));
    assert.deepEqual(claims.map((c) => c.outcome).sort(), ["claimed", "in-progress", "in-progress", "in-progress"]);
    const winner = claims.findIndex((c) => c.outcome === "claimed");
    await [a, b, a, b][winner]!.completeIdempotency("ada", "put-acme-1", "fp", { status: 200, body: { ok: true } });
    assert.deepEqual(await b.claimIdempotency("ada", "put-acme-1", "fp"), { outcome: "replay", response: { status: 200, body: { ok: true } } });
  });

  it("Redis drops an expired session's record by itself once the grace period is over", async () => {
    const store = await harness.open({ node: "instance-a", sessionGraceMs: 50 });
    await store.putSession("ada", "brief", { platform: "claude", expires_at: new Date(Date.now() + 100).toISOString() });
    const key = (store as RedisAwarenessStore).keys.entity("ada", "session", "brief");
    assert.equal(await harness.admin!.exists(key), 1);
    await eventually(async () => (await harness.admin!.exists(key)) === 0, 3_000);
    assert.equal(await store.getSession("ada", "brief"), null);
  });

  it("purgeExpired clears what expired sessions leave in every user's index and change log", async () => {
    let time = Date.now();
    const store = (await harness.open({ node: "instance-a", now: () => time, sessionTtlMs: 60_000, sessionGraceMs: 60_000 })) as RedisAwarenessStore;
    await store.putSession("ada", "s1", { platform: "vscode" });
    await store.putSession("bob", "s2", { platform: "claude" });
    await store.putProject("bob", "kept", { name: "Kept" });
    time += 3 * 60_000;
    assert.equal(await store.purgeExpired(), 2);
    assert.equal(await harness.admin!.zcard(store.keys.index("ada", "session")), 0);
    assert.deepEqual(await harness.admin!.zrange(store.keys.changes("bob"), "0", "-1"), [
      changeMember((await store.changesSince("bob", null)).changes[0]!.clock, "project", "kept"),
    ]);
  });

  it("keeps every key of a user under that user's hash tag", async () => {
    const store = await harness.open({ node: "instance-a" });
    await store.putProject("ada", "acme", { name: "Acme" });
    await store.putSession("ada", "s1", { platform: "vscode" });
    await store.claimIdempotency("ada", "key", "fp");
    await store.appendAudit({ userId: "ada", credentialId: "c", action: "PUT /v1/projects/acme", requestId: "r" });
    const keys = await harness.admin!.keys("*");
    assert.ok(keys.length >= 8);
    for (const key of keys) assert.ok(key.startsWith("awareness:{ada}:"), key);
  });

  it("a subscriber whose connection drops resubscribes and keeps hearing changes", async () => {
    const a = await harness.open({ node: "instance-a" });
    const b = await harness.open({ node: "instance-b" });
    const heard: string[] = [];
    await b.subscribe((event) => heard.push(event.change.id));
    await harness.admin!.call("CLIENT", "KILL", "TYPE", "pubsub");
    await eventually(async () => Number(((await harness.admin!.pubsub("NUMSUB", "awareness:changes")) as [string, number])[1]) === 1);
    await a.putProject("ada", "after-drop", { name: "Heard" });
    await eventually(() => heard.includes("after-drop"));
  });
});

async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
