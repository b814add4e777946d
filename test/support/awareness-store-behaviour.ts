import assert from "node:assert/strict";
import type { AwarenessStore, AwarenessStoreOptions, AwarenessChangeEvent } from "../../mcp-server/src/awareness/awareness-store.js";
import { projectRegisters, projectView } from "../../mcp-server/src/awareness/entities.js";
import { encodeClock } from "../../mcp-server/src/contracts/hlc.js";
import { applyDelete, applyPatch, EMPTY_STATE } from "../../mcp-server/src/awareness/lww.js";
import type { Change, Platform, ProjectPut } from "../../mcp-server/src/contracts/awareness.js";
import { CoachInputError } from "../../mcp-server/src/errors.js";
import { describeAuditTrail } from "./awareness-audit-behaviour.js";
import { describeTombstoneCompaction } from "./awareness-compaction-behaviour.js";
import { pick, seededRandom, shuffled } from "./seeded-random.js";

/** A backend both implementations are tested on: each test gets it empty. */
export interface StoreHarness {
  reset(): Promise<void>;
  /** Another instance on the same backend, as another server process would be. */
  open(options: AwarenessStoreOptions): Promise<AwarenessStore>;
  cleanup(): Promise<void>;
  /** One instance owns the backend (a SQLite file held by its server): the two-instance cases do not apply. */
  singleInstance?: boolean;
}

export class TestClock {
  constructor(public time: number) {}
  readonly now = () => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

const HOUR = 3_600_000;
const PLATFORMS: readonly Platform[] = ["vscode", "claude", "chatgpt", "copilot", "other"];

/** One behaviour, written once, run against SQLite (unit suite) and Redis (redis suite). */
export function describeAwarenessStore(name: string, harness: StoreHarness): void {
  describe(`awareness store behaviour: ${name}`, () => {
    let clock: TestClock;
    let store: AwarenessStore;
    const open = (node: string, extra: AwarenessStoreOptions = {}) => harness.open({ node, now: clock.now, ...extra });
    /** A client's clock `offset` ms from now. */
    const at = (offset: number, node = "vscode", counter = 0) => encodeClock({ ms: clock.time + offset, counter, node });

    beforeEach(async () => {
      await harness.reset();
      clock = new TestClock(Date.now());
      store = await open("server-a");
    });
    afterEach(() => harness.cleanup());

    it("creates a project from a partial PUT and fills in the rest of the view", async () => {
      const result = await store.putProject("ada", "acme", { name: "Acme interview", clock: at(-1000) });
      assert.equal(result.changed, true);
      assert.equal(result.writeClock, at(-1000));
      assert.ok(result.clock && result.clock > result.writeClock, "the change is logged after the write's clock");
      assert.deepEqual(result.state, {
        project_id: "acme",
        name: "Acme interview",
        platforms: [],
        last_activity: new Date(clock.time - 1000).toISOString(),
        statistics: { attempts: 0, accuracy: null, streak_days: 0 },
        memory_summary: { strengths: [], gaps: [] },
        target_role: null,
      });
      assert.deepEqual(await store.getProject("ada", "acme"), result.state);
      assert.equal(await store.getProject("ada", "other"), null);
    });

    it("keeps a target role, and a later null clears it", async () => {
      const target = { role: "Staff Platform Engineer", company: "Harborline Payments", fit: 64, focus: ["mentoring", "system-design"], gaps: ["Terraform"] };
      const set = await store.putProject("ada", "acme", { target_role: target, clock: at(-500) });
      assert.deepEqual(set.state?.target_role, target);
      const cleared = await store.putProject("ada", "acme", { target_role: null, clock: at(-400) });
      assert.equal(cleared.state?.target_role, null);
      assert.equal((await store.getProject("ada", "acme"))?.target_role, null);
    });

    it("a replayed PUT with the same clock changes nothing and logs nothing", async () => {
      const put: ProjectPut = { name: "Acme", platforms: ["vscode"], clock: at(0) };
      const first = await store.putProject("ada", "acme", put);
      const again = await store.putProject("ada", "acme", put);
      assert.equal(again.changed, false);
      assert.equal(again.clock, null);
      assert.deepEqual(again.state, first.state);
      assert.equal((await store.changesSince("ada", first.clock, 10)).changes.length, 0);
    });

    it("keeps per field the latest write, whatever order the writes arrive in", async () => {
      await store.putProject("ada", "acme", { name: "Newer name", clock: at(-100, "claude") });
      const late = await store.putProject("ada", "acme", { name: "Older name", platforms: ["chatgpt"], clock: at(-5000, "chatgpt") });
      assert.equal(late.changed, true, "the older write still sets the field nobody wrote later");
      assert.equal(late.state?.name, "Newer name");
      assert.deepEqual(late.state?.platforms, ["chatgpt"]);
      const lower = await store.putProject("ada", "acme", { name: "Lower node", clock: at(-100, "chatgpt") });
      assert.equal(lower.state?.name, "Newer name", "at the same ms and counter the greater node id wins");
      const higher = await store.putProject("ada", "acme", { name: "Higher node", clock: at(-100, "vscode") });
      assert.equal(higher.state?.name, "Higher node");
    });

    it("a delete hides the project; an older PUT arriving later cannot revive it, a newer one does", async () => {
      await store.putProject("ada", "acme", { name: "Acme", platforms: ["vscode"], clock: at(-3000) });
      const deleted = await store.deleteProject("ada", "acme", at(-2000));
      assert.deepEqual([deleted.changed, deleted.existed], [true, true]);
      assert.equal(await store.getProject("ada", "acme"), null);
      const late = await store.putProject("ada", "acme", { name: "Stale", clock: at(-2500) });
      assert.deepEqual([late.changed, late.state], [false, null]);
      const newer = await store.putProject("ada", "acme", { statistics: { attempts: 3, accuracy: 0.5, streak_days: 1 }, clock: at(-1000) });
      assert.equal(newer.state?.statistics.attempts, 3);
      assert.equal(newer.state?.name, "acme", "fields written before the delete stay deleted");
      assert.deepEqual(newer.state?.platforms, []);
    });

    it("a delete that arrives before the create still wins over it", async () => {
      const deleted = await store.deleteProject("ada", "ghost", at(-1000));
      assert.deepEqual([deleted.changed, deleted.existed], [true, false]);
      assert.equal((await store.putProject("ada", "ghost", { name: "Ghost", clock: at(-2000) })).state, null);
      assert.equal((await store.deleteProject("ada", "ghost", at(-1500))).changed, false, "an older delete is absorbed");
    });

    it("lists a user's projects filtered by platform and activity, most recent first, without deleted ones", async () => {
      await store.putProject("ada", "a", { name: "A", platforms: ["vscode", "claude"], last_activity: new Date(clock.time - 3 * HOUR).toISOString() });
      await store.putProject("ada", "b", { name: "B", platforms: ["chatgpt"], last_activity: new Date(clock.time - HOUR).toISOString() });
      await store.putProject("ada", "c", { name: "C", platforms: ["claude"], last_activity: new Date(clock.time - 2 * HOUR).toISOString() });
      await store.putProject("ada", "d", { name: "D", platforms: ["claude"] });
      await store.deleteProject("ada", "d");
      const ids = async (filter = {}) => (await store.listProjects("ada", filter)).map((p) => p.project_id);
      assert.deepEqual(await ids(), ["b", "c", "a"]);
      assert.deepEqual(await ids({ platform: "claude" }), ["c", "a"]);
      assert.deepEqual(await ids({ activeSince: clock.time - 2 * HOUR }), ["b", "c"]);
      assert.deepEqual(await ids({ limit: 1 }), ["b"]);
    });

    it("sessions expire after their expires_at, or a TTL after their latest write, then are purged", async () => {
      const ttl = 2 * HOUR;
      const grace = 3 * HOUR;
      store = await open("server-ttl", { sessionTtlMs: ttl, sessionGraceMs: grace });
      const origin = at(-1, "reader");
      const explicit = new Date(clock.time + 30 * 60_000).toISOString();
      const a = await store.putSession("ada", "s-explicit", { platform: "claude", active_project: "acme", context: { tab: 2 }, expires_at: explicit });
      assert.deepEqual(a.state, {
        session_id: "s-explicit",
        platform: "claude",
        user_id: "ada",
        active_project: "acme",
        context: { tab: 2 },
        expires_at: explicit,
      });
      const b = await store.putSession("ada", "s-default", { platform: "vscode" });
      assert.equal(b.state?.expires_at, new Date(clock.time + ttl).toISOString());
      assert.equal(b.state?.active_project, null);
      clock.advance(31 * 60_000);
      assert.equal(await store.getSession("ada", "s-explicit"), null);
      assert.deepEqual(
        (await store.listSessions("ada")).map((s) => s.session_id),
        ["s-default"],
      );
      await store.putSession("ada", "s-default", { context: { step: 1 } });
      clock.advance(ttl - 60_000);
      assert.ok(await store.getSession("ada", "s-default"), "a write moves the default expiry");
      const replay = await store.changesSince("ada", origin);
      assert.deepEqual(
        replay.changes.map((c) => [c.id, c.deleted]),
        [
          ["s-explicit", true],
          ["s-default", false],
        ],
      );
      assert.equal(replay.snapshot, false);
      clock.advance(grace - 60_000);
      await store.purgeExpired();
      const expired = await store.changesSince("ada", replay.changes[0]!.clock);
      assert.deepEqual(
        expired.changes.map((c) => [c.id, c.deleted]),
        [["s-default", true]],
        "a session is purged, with its log entry, a grace period after it expired; one expired since stays in the feed meanwhile",
      );
      assert.equal(expired.snapshot, false, "a reader that saw the purged entry's change missed nothing");
      const fromOrigin = await store.changesSince("ada", origin);
      assert.deepEqual([fromOrigin.snapshot, fromOrigin.changes], [true, []], "a reader from before the purged entry starts over from the live sessions: none");
      assert.equal(await store.getSession("ada", "s-default"), null);
    });

    it("an expired session's late older write does not bring it back within the grace period", async () => {
      store = await open("server-grace", { sessionTtlMs: HOUR, sessionGraceMs: 10 * HOUR });
      await store.putSession("ada", "s", { platform: "vscode", expires_at: new Date(clock.time + 60_000).toISOString(), clock: at(0) });
      await store.putSession("ada", "s", { expires_at: new Date(clock.time - 1).toISOString(), clock: at(10) });
      const late = await store.putSession("ada", "s", { expires_at: new Date(clock.time + HOUR).toISOString(), clock: at(5) });
      assert.equal(late.state, null);
      assert.equal(await store.getSession("ada", "s"), null);
    });

    it("lists sessions filtered by platform, active project and activity", async () => {
      await store.putSession("ada", "s1", { platform: "vscode", active_project: "acme" });
      clock.advance(1000);
      await store.putSession("ada", "s2", { platform: "claude", active_project: "acme" });
      clock.advance(1000);
      await store.putSession("ada", "s3", { platform: "claude", active_project: "globex" });
      await store.deleteSession("ada", "s3");
      const ids = async (filter = {}) => (await store.listSessions("ada", filter)).map((s) => s.session_id);
      assert.deepEqual(await ids(), ["s2", "s1"]);
      assert.deepEqual(await ids({ platform: "claude" }), ["s2"]);
      assert.deepEqual(await ids({ activeProject: "acme", activeSince: clock.time - 1500 }), ["s2"]);
    });

    it("replays the changes after a clock in clock order, one per entity, page by page", async () => {
      const origin = at(-1, "reader");
      const first = await store.putProject("ada", "p1", { name: "one" });
      await store.putProject("ada", "p2", { name: "two" });
      await store.putSession("ada", "s1", { platform: "vscode" });
      await store.putProject("ada", "p1", { name: "one again" });
      const removed = await store.deleteProject("ada", "p2");
      const all = await store.changesSince("ada", origin);
      assert.deepEqual(
        all.changes.map((c) => [c.entity, c.id, c.deleted]),
        [
          ["session", "s1", false],
          ["project", "p1", false],
          ["project", "p2", true],
        ],
      );
      assert.deepEqual(
        all.changes.map((c) => c.clock),
        [...all.changes.map((c) => c.clock)].sort(),
      );
      assert.deepEqual([all.snapshot, all.nextSince], [false, removed.clock]);
      const p1 = all.changes[1]!;
      assert.ok(!p1.deleted && p1.entity === "project" && p1.state.name === "one again");
      assert.deepEqual((await store.changesSince("ada", first.clock)).changes.length, 3);
      const page = await store.changesSince("ada", origin, 2);
      assert.deepEqual([page.hasMore, page.nextSince], [true, page.changes.at(-1)!.clock]);
      const rest = await store.changesSince("ada", page.nextSince, 2);
      assert.deepEqual([...page.changes, ...rest.changes], all.changes);
      assert.deepEqual([rest.hasMore, rest.nextSince], [false, removed.clock]);
      const caughtUp = await store.changesSince("ada", removed.clock);
      assert.deepEqual([caughtUp.changes, caughtUp.nextSince, caughtUp.snapshot], [[], removed.clock, false]);
      // A since later than any change (another server's, or from before the store was wiped) would skip every change to come.
      const ahead = await store.changesSince("ada", at(HOUR, "elsewhere"));
      assert.deepEqual(
        [ahead.snapshot, ahead.changes.map((c) => c.id), ahead.nextSince],
        [true, ["s1", "p1"], removed.clock],
        "a reader ahead of the feed starts over from the live state, at the latest change",
      );
      const stranger = await store.changesSince("zoe", at(HOUR, "elsewhere"));
      assert.deepEqual([stranger.snapshot, stranger.changes, stranger.nextSince], [true, [], null]);
    });

    it("tells subscribers of each committed change, with its clock, and of nothing for a no-op", async () => {
      const heard: AwarenessChangeEvent[] = [];
      const alsoHeard: AwarenessChangeEvent[] = [];
      const unsubscribe = await store.subscribe((event) => heard.push(event));
      await store.subscribe((event) => alsoHeard.push(event));
      const put = await store.putProject("ada", "acme", { name: "Acme", clock: at(0) });
      await store.putProject("ada", "acme", { name: "Acme", clock: at(0) });
      const removed = await store.deleteSession("bob", "s1");
      await eventually(() => heard.length >= 2);
      assert.deepEqual(heard[0], { userId: "ada", change: { entity: "project", id: "acme", clock: put.clock, deleted: false, state: put.state } });
      assert.deepEqual(
        heard[1],
        { userId: "bob", change: { entity: "session", id: "s1", clock: removed.clock, deleted: true } },
        "the no-op in between was not heard",
      );
      await unsubscribe();
      await store.putProject("ada", "acme", { name: "Quiet" });
      await eventually(() => alsoHeard.length === 3);
      assert.equal(heard.length, 2, "an unsubscribed listener hears nothing more");
    });

    it("rejects bad input with the field and rule named, and stores nothing", async () => {
      const rejects = (work: Promise<unknown>, field: string, rule: RegExp) =>
        assert.rejects(work, (error: unknown) => error instanceof CoachInputError && error.field === field && rule.test(error.rule));
      await rejects(store.putProject("ada", "acme", { name: "Future", clock: at(61_000) }), "clock", /60 s ahead/);
      await rejects(store.putProject("ada", "acme", { name: "X", clock: "yesterday" }), "clock", /15-digit/);
      await rejects(store.putProject("ada", "bad id", { name: "X" }), "project_id", /letters, digits/);
      await rejects(store.putProject("a/b", "acme", { name: "X" }), "user_id", /letters, digits/);
      await rejects(store.putProject("ada", "acme", {}), "body", /at least one of/);
      await rejects(store.putProject("ada", "acme", { name: "X", colour: "red" } as ProjectPut), "body", /colour/);
      await rejects(store.putSession("ada", "s", { platform: "emacs" as Platform }), "platform", /one of: vscode/);
      await rejects(store.changesSince("ada", "nonsense"), "since", /15-digit/);
      assert.deepEqual(await store.listProjects("ada"), []);
      assert.deepEqual((await store.changesSince("ada", null)).changes, []);
    });

    it("idempotency: the first claim wins, a replay gets its response, another request with the key is told apart", async () => {
      assert.deepEqual(await store.claimIdempotency("ada", "key-1", "fp-a"), { outcome: "claimed" });
      assert.deepEqual(await store.claimIdempotency("ada", "key-1", "fp-a"), { outcome: "in-progress" });
      assert.equal(await store.completeIdempotency("ada", "key-1", "fp-a", { status: 201, body: { project_id: "acme" } }), true);
      assert.deepEqual(await store.claimIdempotency("ada", "key-1", "fp-a"), { outcome: "replay", response: { status: 201, body: { project_id: "acme" } } });
      assert.deepEqual(await store.claimIdempotency("ada", "key-1", "fp-b"), { outcome: "mismatch" });
      assert.equal(await store.completeIdempotency("ada", "key-1", "fp-a", { status: 500, body: null }), false, "a completed record is not overwritten");
      assert.deepEqual(await store.claimIdempotency("bob", "key-1", "fp-b"), { outcome: "claimed" }, "keys are per user");
      clock.advance(24 * HOUR + 1);
      assert.deepEqual(await store.claimIdempotency("ada", "key-1", "fp-b"), { outcome: "claimed" }, "records last 24 h");
    });

    it("idempotency: a released or abandoned claim can be taken again", async () => {
      await store.claimIdempotency("ada", "k", "fp");
      await store.releaseIdempotency("ada", "k", "fp");
      assert.deepEqual(await store.claimIdempotency("ada", "k", "fp"), { outcome: "claimed" });
      clock.advance(61_000);
      assert.deepEqual(await store.claimIdempotency("ada", "k", "fp-2"), { outcome: "claimed" }, "the first claim's lease ran out");
      assert.equal(await store.completeIdempotency("ada", "k", "fp", { status: 200, body: {} }), false, "the lapsed claim cannot complete");
    });

    const twoInstances = harness.singleInstance ? it.skip : it;
    twoInstances("idempotency: of many concurrent claims on two instances exactly one wins", async () => {
      const other = await open("server-b");
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).claimIdempotency("ada", "race", "fp")));
      assert.equal(claims.filter((c) => c.outcome === "claimed").length, 1);
      assert.equal(claims.filter((c) => c.outcome === "in-progress").length, 19);
    });

    describeAuditTrail({ store: () => store, clock: () => clock, at });

    it("no user can read, list, change or replay another user's records", async () => {
      await store.putProject("ada", "acme", { name: "Ada's", clock: at(0) });
      await store.putSession("ada", "s1", { platform: "vscode" });
      assert.equal(await store.getProject("bob", "acme"), null);
      assert.equal(await store.getSession("bob", "s1"), null);
      assert.deepEqual(await store.listProjects("bob"), []);
      assert.deepEqual(await store.listSessions("bob"), []);
      assert.deepEqual((await store.changesSince("bob", null)).changes, []);
      const bobs = await store.putProject("bob", "acme", { name: "Bob's", clock: at(-5000) });
      assert.equal(bobs.state?.name, "Bob's", "the same id under another user is another project");
      assert.equal((await store.deleteProject("bob", "acme")).existed, true);
      assert.equal((await store.getProject("ada", "acme"))?.name, "Ada's");
      assert.deepEqual(await store.auditLog("bob"), []);
    });

    twoInstances("shuffled concurrent writes and deletes from two instances converge on the merge of all of them", async () => {
      const other = await open("server-b");
      const origin = at(-1, "reader");
      const random = seededRandom(20260615);
      const ops = Array.from({ length: 120 }, (_, i) => {
        const clockText = at(-60_000 + Math.floor(random() * 50_000), pick(["vscode", "claude", "chatgpt"], random), Math.floor(random() * 3));
        if (random() < 0.1) return { kind: "delete" as const, clock: clockText, seq: i };
        const put: ProjectPut = { clock: clockText };
        if (random() < 0.6) put.name = `name ${i}`;
        if (random() < 0.5) put.platforms = shuffled(PLATFORMS, random).slice(0, 1 + Math.floor(random() * 3));
        if (random() < 0.4) put.statistics = { attempts: i, accuracy: Math.round(random() * 100) / 100, streak_days: i % 7 };
        if (!put.name && !put.platforms && !put.statistics) put.memory_summary = { strengths: [`s${i}`], gaps: [] };
        return { kind: "put" as const, put, clock: clockText, seq: i };
      });
      let expected = EMPTY_STATE;
      for (const op of ops) expected = (op.kind === "put" ? applyPatch(expected, projectRegisters(op.put), op.clock) : applyDelete(expected, op.clock)).state;
      await Promise.all(
        shuffled(ops, random).map((op, i) => {
          const target = i % 2 ? store : other;
          return op.kind === "put" ? target.putProject("ada", "race", op.put) : target.deleteProject("ada", "race", op.clock);
        }),
      );
      const want = projectView("race", expected);
      assert.deepEqual(await store.getProject("ada", "race"), want);
      assert.deepEqual(await other.getProject("ada", "race"), want);
      const changes = (await store.changesSince("ada", origin)).changes;
      assert.equal(changes.length, 1, "the log keeps one entry for the project");
      const last: Change = changes[0]!;
      assert.deepEqual(last.deleted ? null : last.state, want);
    });

    describeTombstoneCompaction(() => clock, open);
  });
}

export async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
