import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { UserContexts } from "../../mcp-server/src/http/user-contexts.js";
import { silentLogger } from "../../mcp-server/src/log.js";
import type { NewPerformance } from "../../mcp-server/src/store/coach-store.js";
import { DataDirLock } from "../../mcp-server/src/store/lock.js";

const NOW = Date.parse("2026-06-15T12:00:00Z");
const practice = (accuracy: number): NewPerformance => ({
  recordedAt: NOW,
  category: "conflict",
  questionId: null,
  variantId: null,
  accuracy,
  storyCoverage: 0.5,
  satisfaction: 4,
  responseTime: 90,
});

const FDS = "/proc/self/fd";

/** Users whose coach.sqlite this process holds open right now, read from the kernel's own table. */
function openStores(dataDir: string): string[] {
  const users: string[] = [];
  for (const fd of readdirSync(FDS)) {
    let target: string;
    try {
      target = readlinkSync(path.join(FDS, fd));
    } catch {
      continue;
    }
    const match = /\/users\/([^/]+)\/coach\.sqlite$/.exec(target);
    if (match && target.startsWith(dataDir)) users.push(match[1]!);
  }
  return users.sort();
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

async function until(what: string, condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) assert.fail(`${what} did not happen within 5 s`);
    await tick();
  }
}

describe("per-user contexts in HTTP mode", function () {
  let dir: string;
  let users: UserContexts;
  const record = (userId: string, accuracy: number) => users.forUser(userId).store.recordPerformance(practice(accuracy), NOW);
  const accuracies = async (userId: string) => (await users.forUser(userId).store.performance()).map((r) => r.accuracy);

  before(function () {
    // Whether a store is closed is read from the open file table, which Linux shows in /proc.
    if (!existsSync(FDS)) this.skip();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-user-contexts-"));
  });
  afterEach(() => {
    users?.closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps at most maxOpen stores open, closing the least recently used; a closed user's data reads back", async () => {
    users = new UserContexts(dir, () => silentLogger, { maxOpen: 3 });
    for (const [i, userId] of ["ana", "ben", "cy"].entries()) await record(userId, i / 10);
    assert.deepEqual(openStores(dir), ["ana", "ben", "cy"]);
    await accuracies("ana");
    await record("dee", 0.3);
    assert.deepEqual(openStores(dir), ["ana", "cy", "dee"], "ben, used least recently, is closed");
    assert.equal(users.size, 3);
    assert.deepEqual(await accuracies("ben"), [0.1]);
    assert.deepEqual(openStores(dir), ["ana", "ben", "dee"]);
  });

  it("never closes a store under an operation in flight; it closes when the operation settles, and the write is kept", async () => {
    users = new UserContexts(dir, () => silentLogger, { maxOpen: 2 });
    await record("ana", 0.1);
    // Another holder of ana's data-dir mutex keeps her next write queued, as a slow request would.
    const holder = new DataDirLock(path.join(dir, "users", "ana", "coach.sqlite.mutex"));
    await holder.acquire();
    const pending = record("ana", 0.2);
    try {
      await record("ben", 0.3);
      await record("cy", 0.4);
      assert.equal(users.size, 2);
      assert.deepEqual(openStores(dir), ["ana", "ben", "cy"], "ana's store stays open while her write waits");
    } finally {
      holder.release();
    }
    assert.equal((await pending).record.accuracy, 0.2);
    assert.deepEqual(openStores(dir), ["ben", "cy"], "and closes once it is done");
    assert.deepEqual(await accuracies("ana"), [0.1, 0.2]);
  });

  it("a store still held by a request after it was closed reopens for that request's next operation, then closes again", async () => {
    users = new UserContexts(dir, () => silentLogger, { maxOpen: 1 });
    const ana = users.forUser("ana");
    await ana.store.recordPerformance(practice(0.1), NOW);
    await record("ben", 0.2);
    assert.deepEqual(openStores(dir), ["ben"]);
    await ana.store.recordPerformance(practice(0.3), NOW);
    assert.deepEqual(openStores(dir), ["ben"]);
    assert.deepEqual(await accuracies("ana"), [0.1, 0.3]);
  });

  it("closes a store unused for idleMs, and only that one", async () => {
    const clock = { ms: 1_000_000, now: () => clock.ms };
    users = new UserContexts(dir, () => silentLogger, { idleMs: 50, clock });
    await record("ana", 0.1);
    await record("ben", 0.2);
    clock.ms += 40;
    await accuracies("ben");
    clock.ms += 20;
    await until("closing ana's idle store", () => !openStores(dir).includes("ana"));
    assert.deepEqual(openStores(dir), ["ben"], "ben was used 20 ms ago by the clock");
    assert.equal(users.size, 1);
    assert.deepEqual(await accuracies("ana"), [0.1]);
  });

  it("closeAll closes every store", async () => {
    users = new UserContexts(dir, () => silentLogger);
    await record("ana", 0.1);
    await record("ben", 0.2);
    users.closeAll();
    assert.deepEqual(openStores(dir), []);
  });
});
