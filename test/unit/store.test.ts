import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CoachDatabase, schemaVersion } from "../../mcp-server/src/store/database.js";
import { CoachStore, type NewPerformance } from "../../mcp-server/src/store/coach-store.js";
import { DataDirLock, StoreBusyError } from "../../mcp-server/src/store/lock.js";
import { MIGRATIONS } from "../../mcp-server/src/store/migrations.js";
import { reviewPractice, scheduleFromAttempts } from "../../mcp-server/src/domain/scheduling.js";
import { DAY_MS as DAY } from "../../mcp-server/src/domain/performance.js";

const NOW = Date.parse("2026-06-15T12:00:00Z");
const record = (overrides: Partial<NewPerformance> = {}): NewPerformance => ({
  recordedAt: NOW,
  category: "conflict",
  questionId: null,
  variantId: null,
  accuracy: 0.7,
  storyCoverage: 0.5,
  satisfaction: 4,
  responseTime: 90,
  ...overrides,
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("store", () => {
  let dir: string;
  const opened: CoachDatabase[] = [];
  const open = () => {
    const db = new CoachDatabase(dir);
    opened.push(db);
    return db;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-store-"));
  });
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("applies every migration once and records the schema version", async () => {
    const db = open();
    assert.equal(await db.read((sql) => schemaVersion(sql)), MIGRATIONS.at(-1)!.version);
    db.close();
    const again = open();
    const rows = await again.read((sql) => sql.all("SELECT version FROM schema_migrations"));
    assert.equal(rows.length, MIGRATIONS.length);
  });

  it("stores a record and reviews the question's card in one transaction", async () => {
    const store = new CoachStore(open(), () => 0);
    const { record: saved, card, unlocked } = await store.recordPerformance(record({ questionId: "conf-technical-disagreement", accuracy: 0.85 }), NOW);
    assert.equal(saved.id, 1);
    assert.equal(card?.reps, 1);
    assert.equal(card?.lastScore, 85);
    assert.ok(unlocked.some((m) => m.id === "practice-1"));
    assert.equal((await store.performance()).length, 1);
    assert.equal((await store.cards()).length, 1);
    const again = await store.recordPerformance(record({ questionId: "conf-technical-disagreement" }), NOW + 1000);
    assert.ok(!again.unlocked.some((m) => m.id === "practice-1"), "a milestone unlocks once");
  });

  it("an attempt dated before the card's last review takes its place in the question's history", async () => {
    const store = new CoachStore(open(), () => 0);
    const question = { questionId: "conf-technical-disagreement" };
    await store.recordPerformance(record({ ...question, recordedAt: NOW, accuracy: 0.9 }), NOW);
    const backfilled = await store.recordPerformance(record({ ...question, recordedAt: NOW - 10 * DAY, accuracy: 0.3 }), NOW + 1000);
    const inOrder = scheduleFromAttempts(question.questionId, [
      { at: NOW - 10 * DAY, score: 30 },
      { at: NOW, score: 90 },
    ]);
    assert.deepEqual(backfilled.card, inOrder);
    assert.equal(backfilled.card?.lastReview, NOW, "the latest attempt is still the last review");
    const next = await store.recordPerformance(record({ ...question, recordedAt: NOW + DAY, accuracy: 0.8 }), NOW + DAY);
    assert.deepEqual(next.card, reviewPractice(question.questionId, inOrder, 80, NOW + DAY), "a later attempt continues the card");
  });

  it("a second store on the same folder sees the other's writes and deletes", async () => {
    const a = new CoachStore(open(), () => 0);
    const b = new CoachStore(open(), () => 0);
    await a.recordPerformance(record(), NOW);
    await b.recordPerformance(record({ category: "teamwork" }), NOW);
    assert.deepEqual(
      (await a.performance()).map((r) => r.category),
      ["conflict", "teamwork"],
    );
    await b.deleteAll();
    assert.equal((await a.performance()).length, 0, "the generation bump empties the other cache");
    await a.recordPerformance(record(), NOW);
    assert.equal((await b.performance()).length, 1);
  });

  it("reads the cards again only once they may have changed: after a write here or by another store", async () => {
    const a = new CoachStore(open(), () => 0);
    const b = new CoachStore(open(), () => 0);
    const none = await a.cards();
    assert.ok(Object.isFrozen(none));
    assert.equal(await a.cards(), none, "the same list while the lock stayed here and nothing was written");
    assert.equal(a.knownCards(), none, "and known without waiting");
    await a.recordPerformance(record({ questionId: "conf-technical-disagreement" }), NOW);
    assert.equal(a.knownCards(), undefined, "not known after a write until read again");
    assert.deepEqual(
      (await a.cards()).map((c) => c.questionId),
      ["conf-technical-disagreement"],
    );
    await b.recordPerformance(record({ questionId: "team-cross-functional" }), NOW);
    assert.deepEqual(
      (await a.cards()).map((c) => c.questionId),
      ["conf-technical-disagreement", "team-cross-functional"],
    );
  });

  it("the change stamp stays while nothing is written and moves with a write here or by another process", async () => {
    const a = open();
    const b = open();
    await a.write((db) => db.exec("CREATE TABLE notes (text TEXT)"));
    const first = a.changeStamp();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(a.changeStamp(), first, "no write since: the same stamp");
    await a.write((db) => db.run("INSERT INTO notes VALUES ('here')"));
    const afterOwn = a.changeStamp();
    assert.notEqual(afterOwn, first);
    // Stamps asked for while b waits keep a's lock until its idle time yields it to b.
    let stamps = 0;
    const asking = setInterval(() => {
      a.changeStamp();
      stamps++;
    }, 1);
    await b.write((db) => db.run("INSERT INTO notes VALUES ('there')"));
    clearInterval(asking);
    assert.ok(stamps > 0);
    assert.notEqual(a.changeStamp(), afterOwn, "another process's write moves the stamp");
    assert.deepEqual(await a.read((db) => db.all("SELECT text FROM notes ORDER BY text")), [{ text: "here" }, { text: "there" }]);
  });

  it("answering cards from memory keeps the lock, yet another store waiting gets in and its write is seen", async () => {
    const a = new CoachStore(open(), () => 0);
    const b = new CoachStore(open(), () => 0);
    const first = await a.cards();
    let stop = false;
    let reads = 0;
    let same = 0;
    const reading = (async () => {
      // One read per turn of the event loop, as a server answers one request after another.
      while (!stop) {
        reads++;
        if ((await a.cards()) === first) same++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.ok(reads > 10 && same === reads, `${same} of ${reads} reads answered from memory: the lock is kept past its idle time while they come`);
    const started = Date.now();
    await b.recordPerformance(record({ questionId: "conf-technical-disagreement" }), NOW);
    const waited = Date.now() - started;
    stop = true;
    await reading;
    assert.ok(waited < 2_000, `${waited} ms`);
    assert.deepEqual(
      (await a.cards()).map((c) => c.questionId),
      ["conf-technical-disagreement"],
    );
  });

  it("the target role is one row: saved, replaced and cleared, and read back by a store opened later", async () => {
    const a = new CoachStore(open(), () => 0);
    await a.saveTargetRole({ savedAt: NOW, jobDescription: "Requirements\n- Go", analysis: { role: "Staff Engineer", company: "Harborline" } });
    await a.saveTargetRole({ savedAt: NOW + 1000, jobDescription: "Requirements\n- Kafka", analysis: { role: "Principal Engineer", company: null } });
    opened.splice(0).forEach((db) => db.close());
    const b = new CoachStore(open(), () => 0);
    assert.deepEqual(await b.targetRole(), {
      savedAt: NOW + 1000,
      jobDescription: "Requirements\n- Kafka",
      analysis: { role: "Principal Engineer", company: null },
    });
    assert.equal((await b.exportAll()).targetRole!.length, 1);
    await b.saveTargetRole(null);
    assert.equal(await b.targetRole(), null);
  });

  it("a failed write changes nothing, and the cache forgets rows it read inside it", async () => {
    const db = open();
    const store = new CoachStore(db, () => 0);
    await store.recordPerformance(record(), NOW);
    await assert.rejects(
      db.write((sql) => {
        sql.run(
          "INSERT INTO performance (recorded_at, category, accuracy, story_coverage, satisfaction, response_time, created_at) VALUES (1, 'conflict', 1, 1, 1, 1, 1)",
        );
        sql.run("INSERT INTO no_such_table VALUES (1)");
      }),
    );
    assert.equal((await store.performance()).length, 1);
    await store.recordPerformance(record(), NOW);
    assert.deepEqual(
      (await store.performance()).map((r) => r.id),
      [1, 2],
    );
  });

  it("clears the SQLite lock directory a killed process left behind", async () => {
    const cleared: string[] = [];
    mkdirSync(dir, { recursive: true });
    // Taken and released per transaction, as after a lease: the directory is a leftover, not ours.
    const db = new CoachDatabase(dir, { onStaleLockCleared: (p) => cleared.push(p), leaseMs: 0 });
    opened.push(db);
    await db.read((sql) => sql.get("SELECT 1"));
    mkdirSync(`${db.file}.lock`);
    await db.read((sql) => sql.get("SELECT 1"));
    assert.deepEqual(cleared, [`${db.file}.lock`]);
    assert.ok(!existsSync(`${db.file}.lock`));
  });

  it("keeps its locks through a burst of transactions and lets them go once idle, so another store gets in", async () => {
    const first = new CoachDatabase(dir);
    const second = new CoachDatabase(dir);
    opened.push(first, second);
    await first.write((sql) => sql.exec("CREATE TABLE IF NOT EXISTS burst (n INTEGER)"));
    for (let i = 0; i < 5; i++) await first.write((sql) => sql.run("INSERT INTO burst (n) VALUES (?)", [i]));
    // Held between the calls of a burst: the mutex file and SQLite's lock directory stay.
    assert.ok(existsSync(`${first.file}.mutex`) && existsSync(`${first.file}.lock`));
    const started = Date.now();
    const count = await second.read((sql) => (sql.get("SELECT COUNT(*) AS n FROM burst") as { n: number }).n);
    assert.equal(count, 5);
    assert.ok(Date.now() - started < 2_000, `${Date.now() - started} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(!existsSync(`${first.file}.mutex`) && !existsSync(`${first.file}.lock`), "both stores let go once idle");
  });

  it("a store kept busy lets another one in", async () => {
    const busy = new CoachDatabase(dir);
    const other = new CoachDatabase(dir);
    opened.push(busy, other);
    await busy.write((sql) => sql.exec("CREATE TABLE IF NOT EXISTS turns (who TEXT)"));
    let stop = false;
    const hammer = (async () => {
      // One write per turn of the event loop, as a server answers one request after another.
      while (!stop) {
        await busy.write((sql) => sql.run("INSERT INTO turns (who) VALUES ('busy')"));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await other.write((sql) => sql.run("INSERT INTO turns (who) VALUES ('other')"));
    const waited = Date.now() - started;
    stop = true;
    await hammer;
    assert.ok(waited < 2_000, `${waited} ms`);
  });

  describe("data-dir lock", () => {
    it("breaks a lock whose owner process is gone", async () => {
      const file = path.join(dir, "m.lock");
      writeFileSync(file, JSON.stringify({ pid: deadPid(), host: os.hostname(), token: "x", acquiredAt: 0 }));
      const lock = new DataDirLock(file, { timeoutMs: 500 });
      await lock.acquire();
      lock.release();
      assert.ok(!existsSync(file));
    });

    it("waits for a live owner and then reports the store busy", async () => {
      const file = path.join(dir, "m.lock");
      writeFileSync(file, JSON.stringify({ pid: process.ppid, host: os.hostname(), token: "x", acquiredAt: 0 }));
      await assert.rejects(new DataDirLock(file, { timeoutMs: 150, staleMs: 10 }).acquire(), StoreBusyError);
      assert.ok(existsSync(file), "a live owner's lock is left alone, however old");
    });

    it("a holder whose lock was taken over does not remove the new owner's lock", async () => {
      const file = path.join(dir, "m.lock");
      const first = new DataDirLock(file);
      await first.acquire();
      writeFileSync(file, JSON.stringify({ pid: process.ppid, host: os.hostname(), token: "someone-else", acquiredAt: Date.now() }));
      first.release();
      assert.ok(existsSync(file));
    });

    it("breaks a lock from another host once it is older than staleMs", async () => {
      const file = path.join(dir, "m.lock");
      writeFileSync(file, JSON.stringify({ pid: 1, host: "another-host", token: "x", acquiredAt: 0 }));
      const lock = new DataDirLock(file, { timeoutMs: 2_000, staleMs: 50 });
      await lock.acquire();
      lock.release();
    });

    it("two locks in one process take turns", async () => {
      const file = path.join(dir, "m.lock");
      const first = new DataDirLock(file);
      const second = new DataDirLock(file, { timeoutMs: 2_000 });
      await first.acquire();
      let acquired = false;
      const waiting = second.acquire().then(() => (acquired = true));
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(acquired, false);
      first.release();
      await waiting;
      second.release();
    });
  });
});
