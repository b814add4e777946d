import assert from "node:assert/strict";
import type { AwarenessStore, AwarenessStoreOptions, ChangePage } from "../../mcp-server/src/awareness/awareness-store.js";
import { DEFAULT_AWARENESS_POLICY } from "../../mcp-server/src/awareness/awareness-store.js";
import { encodeClock } from "../../mcp-server/src/contracts/hlc.js";
import type { Change } from "../../mcp-server/src/contracts/awareness.js";
import type { TestClock } from "./awareness-store-behaviour.js";

const DAY = 24 * 3_600_000;
const HORIZON = DEFAULT_AWARENESS_POLICY.tombstoneHorizonMs;

/** What a client holds after applying pages in order: a snapshot page replaces everything, any other merges. */
function applyPages(held: Map<string, Change>, pages: readonly ChangePage[]): Map<string, Change> {
  let state = new Map(held);
  for (const page of pages) {
    if (page.snapshot) state = new Map();
    for (const change of page.changes) {
      if (change.deleted) state.delete(`${change.entity}:${change.id}`);
      else state.set(`${change.entity}:${change.id}`, change);
    }
  }
  return state;
}

const ids = (page: ChangePage) => page.changes.map((c) => [c.id, c.deleted]);

/**
 * Tombstones leave the change feed after the horizon, and a reader that could have missed one
 * gets the current state marked as a snapshot instead. Nested in describeAwarenessStore, whose
 * hooks give each test an empty backend and the clock its stores read.
 */
export function describeTombstoneCompaction(clockOf: () => TestClock, open: (node: string, extra?: AwarenessStoreOptions) => Promise<AwarenessStore>): void {
  describe("change feed compaction", () => {
    let store: AwarenessStore;
    let clock: TestClock;
    const origin = () => encodeClock({ ms: clock.time - 1, counter: 0, node: "reader" });

    beforeEach(async () => {
      clock = clockOf();
      store = await open("server-compact");
    });

    it("a reader without since gets the live projects and sessions only, marked as a snapshot, positioned after every tombstone", async () => {
      await store.putProject("ada", "acme", { name: "Acme" });
      await store.putProject("ada", "globex", { name: "Globex" });
      await store.putSession("ada", "claude-1", { platform: "claude", active_project: "acme" });
      await store.putSession("ada", "gpt-1", { platform: "chatgpt" });
      await store.deleteProject("ada", "globex");
      const ended = await store.deleteSession("ada", "gpt-1");
      const page = await store.changesSince("ada", null);
      assert.equal(page.snapshot, true);
      assert.deepEqual(ids(page), [
        ["acme", false],
        ["claude-1", false],
      ]);
      assert.equal(page.hasMore, false);
      assert.equal(page.nextSince, ended.clock, "the snapshot covers the feed up to the latest change, the deletes after the live entries included");
      const next = await store.changesSince("ada", page.nextSince);
      assert.deepEqual([next.snapshot, next.changes], [false, []]);
      assert.deepEqual(
        await store.changesSince("bob", null),
        { changes: [], hasMore: false, snapshot: true, nextSince: null },
        "a user with nothing gets an empty snapshot",
      );
    });

    it("a delete past the horizon is compacted: a reader from before it gets a snapshot without the deleted project; before the horizon it gets the tombstone", async () => {
      await store.putProject("ada", "acme", { name: "Acme" });
      await store.putProject("ada", "globex", { name: "Globex" });
      const offline = await store.changesSince("ada", null);
      const held = applyPages(new Map(), [offline]);
      assert.deepEqual([...held.keys()], ["project:acme", "project:globex"]);

      const removed = await store.deleteProject("ada", "globex");
      clock.advance(HORIZON - DAY);
      assert.equal(await store.purgeExpired(), 0, "nothing is compacted before the horizon");
      const recent = await store.changesSince("ada", offline.nextSince);
      assert.deepEqual([recent.snapshot, ids(recent)], [false, [["globex", true]]], "within the horizon the tombstone is an ordinary change");

      clock.advance(DAY + 60_000);
      assert.equal(await store.purgeExpired(), 1, "the tombstone is compacted");
      const late = await store.changesSince("ada", offline.nextSince);
      assert.equal(late.snapshot, true, "the reader could have missed the compacted delete");
      assert.deepEqual(ids(late), [["acme", false]]);
      assert.equal(late.nextSince, removed.clock);
      assert.deepEqual([...applyPages(held, [late]).keys()], ["project:acme"], "replacing drops the deleted project; merging would have kept it");
      assert.deepEqual([...applyPages(held, [{ ...late, snapshot: false }]).keys()], ["project:acme", "project:globex"]);

      const caughtUp = await store.changesSince("ada", removed.clock);
      assert.deepEqual([caughtUp.snapshot, caughtUp.changes], [false, []], "a reader that saw the delete needs no snapshot");
      assert.equal(await store.getProject("ada", "globex"), null);
      assert.deepEqual(
        (await store.listProjects("ada")).map((p) => p.project_id),
        ["acme"],
      );
    });

    it("a recent since still gets ordinary changes, recent tombstones included, once an older delete is compacted", async () => {
      const start = origin();
      await store.putProject("ada", "old", { name: "Old" });
      await store.putProject("ada", "kept", { name: "Kept" });
      await store.putProject("ada", "doomed", { name: "Doomed" });
      await store.deleteProject("ada", "old");
      clock.advance(20 * DAY);
      const reader = (await store.changesSince("ada", null)).nextSince;
      await store.deleteProject("ada", "doomed");
      const renamed = await store.putProject("ada", "kept", { name: "Kept still" });
      clock.advance(HORIZON - 20 * DAY + 60_000);
      assert.equal(await store.purgeExpired(), 1, "only the old delete is past the horizon");
      const page = await store.changesSince("ada", reader);
      assert.equal(page.snapshot, false);
      assert.deepEqual(ids(page), [
        ["doomed", true],
        ["kept", false],
      ]);
      assert.equal(page.nextSince, renamed.clock);
      const fromOrigin = await store.changesSince("ada", start);
      assert.deepEqual([fromOrigin.snapshot, ids(fromOrigin)], [true, [["kept", false]]]);
    });

    it("a snapshot pages on with continueSnapshot; deletes made meanwhile arrive in its later pages", async () => {
      const start = origin();
      await store.putProject("ada", "gone", { name: "Gone" });
      for (let i = 0; i < 5; i++) await store.putProject("ada", `p${i}`, { name: `P${i}` });
      await store.deleteProject("ada", "gone");
      clock.advance(HORIZON + 60_000);
      await store.purgeExpired();

      const first = await store.changesSince("ada", start, 2);
      assert.deepEqual(
        [first.snapshot, first.hasMore, ids(first)],
        [
          true,
          true,
          [
            ["p0", false],
            ["p1", false],
          ],
        ],
      );
      const restarted = await store.changesSince("ada", first.nextSince, 2);
      assert.deepEqual([restarted.snapshot, ids(restarted)], [true, ids(first)], "without continueSnapshot a position before the compacted delete starts over");

      await store.deleteProject("ada", "p0");
      const pages = [first];
      while (pages.at(-1)!.hasMore) pages.push(await store.changesSince("ada", pages.at(-1)!.nextSince, 2, { continueSnapshot: true }));
      assert.ok(pages.slice(1).every((p) => !p.snapshot));
      assert.deepEqual(pages.slice(1).flatMap(ids), [
        ["p2", false],
        ["p3", false],
        ["p4", false],
        ["p0", true],
      ]);
      const held = applyPages(new Map([["project:gone", first.changes[0]!]]), pages);
      assert.deepEqual([...held.keys()].sort(), ["project:p1", "project:p2", "project:p3", "project:p4"]);
      const after = await store.changesSince("ada", pages.at(-1)!.nextSince);
      assert.deepEqual([after.snapshot, after.changes], [false, []]);
    });
  });
}
