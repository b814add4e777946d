import assert from "node:assert/strict";
import { canonicalJson, type JsonValue } from "../../mcp-server/src/awareness/canonical-json.js";
import { encodeClock } from "../../mcp-server/src/contracts/hlc.js";
import { applyDelete, applyPatch, EMPTY_STATE, isLive, newestClock, type LwwState, type Merge } from "../../mcp-server/src/awareness/lww.js";
import { pick, seededRandom, shuffled } from "../support/seeded-random.js";

const T = Date.parse("2026-06-15T12:00:00Z");
const c = (offset: number, node = "a", counter = 0) => encodeClock({ ms: T + offset, counter, node });

type Operation = { kind: "put"; patch: Record<string, JsonValue>; clock: string } | { kind: "delete"; clock: string };

function run(state: LwwState, op: Operation): Merge {
  return op.kind === "put" ? applyPatch(state, op.patch, op.clock) : applyDelete(state, op.clock);
}

function replay(ops: readonly Operation[], from: LwwState = EMPTY_STATE): LwwState {
  return ops.reduce((state, op) => run(state, op).state, from);
}

/** The state's meaning, independent of key order. */
const fingerprint = (state: LwwState) => canonicalJson(state as unknown as JsonValue);

/** Concurrent writers: few fields, few nodes and close clocks, so writes collide and ties happen. */
function randomOperations(seed: number, count: number): Operation[] {
  const random = seededRandom(seed);
  const fields = ["name", "platforms", "statistics", "memory_summary"];
  const values: JsonValue[] = ["x", "y", ["vscode"], ["claude", "vscode"], { attempts: 1 }, { attempts: 2, accuracy: 0.5 }, null, "é"];
  return Array.from({ length: count }, () => {
    const clock = c(Math.floor(random() * 40), pick(["vscode", "claude", "chatgpt"], random), Math.floor(random() * 2));
    if (random() < 0.15) return { kind: "delete", clock };
    const patch: Record<string, JsonValue> = {};
    for (const field of fields) if (random() < 0.5) patch[field] = pick(values, random);
    if (Object.keys(patch).length === 0) patch.name = pick(values, random);
    return { kind: "put", patch, clock };
  });
}

describe("per-field last-writer-wins merge", () => {
  it("keeps per field the write with the greatest clock", () => {
    let state = applyPatch(EMPTY_STATE, { name: "new", platforms: ["vscode"] }, c(10)).state;
    const late = applyPatch(state, { name: "old", statistics: { attempts: 1 } }, c(5));
    assert.equal(late.changed, true);
    state = late.state;
    assert.deepEqual(state.registers, {
      name: { value: "new", clock: c(10) },
      platforms: { value: ["vscode"], clock: c(10) },
      statistics: { value: { attempts: 1 }, clock: c(5) },
    });
    assert.equal(newestClock(state), c(10));
  });

  it("breaks a clock tie by node id, and a reused clock by value, so the order is total", () => {
    const byNode = applyPatch(applyPatch(EMPTY_STATE, { name: "from b" }, c(0, "b")).state, { name: "from a" }, c(0, "a"));
    assert.equal(byNode.changed, false);
    const first = applyPatch(EMPTY_STATE, { name: "apple" }, c(0)).state;
    assert.equal(applyPatch(first, { name: "zebra" }, c(0)).state.registers.name?.value, "zebra");
    assert.equal(applyPatch(applyPatch(EMPTY_STATE, { name: "zebra" }, c(0)).state, { name: "apple" }, c(0)).changed, false);
  });

  it("a delete is a tombstone: older writes stay dead, newer ones live with only their own fields", () => {
    const written = applyPatch(EMPTY_STATE, { name: "n", platforms: ["claude"] }, c(1)).state;
    const deleted = applyDelete(written, c(2));
    assert.deepEqual(deleted.state, { registers: {}, tombstone: c(2) });
    assert.equal(isLive(deleted.state), false);
    assert.equal(applyPatch(deleted.state, { name: "stale" }, c(1, "z")).changed, false);
    assert.equal(applyPatch(deleted.state, { name: "same clock" }, c(2)).changed, false, "a write at the delete's own clock is dead too");
    assert.equal(applyDelete(deleted.state, c(1)).changed, false);
    const revived = applyPatch(deleted.state, { name: "back" }, c(3)).state;
    assert.deepEqual(revived.registers, { name: { value: "back", clock: c(3) } });
    const partly = applyDelete(applyPatch(written, { name: "later" }, c(5)).state, c(3)).state;
    assert.deepEqual(Object.keys(partly.registers), ["name"], "a delete keeps fields written after it");
  });

  it("reports a change exactly when the state changed, and leaves its input untouched", () => {
    const ops = randomOperations(3, 300);
    let state = EMPTY_STATE;
    for (const op of ops) {
      const before = fingerprint(state);
      const frozen = structuredClone(state);
      const merge = run(state, op);
      assert.equal(merge.changed, fingerprint(merge.state) !== before);
      assert.deepEqual(state, frozen);
      state = merge.state;
    }
  });

  for (const seed of [1, 2, 3, 4, 5]) {
    it(`converges to one state whatever order concurrent writes arrive in (seed ${seed})`, () => {
      const ops = randomOperations(seed, 60);
      const random = seededRandom(seed * 101);
      const expected = fingerprint(replay(ops));
      for (let round = 0; round < 200; round++) assert.equal(fingerprint(replay(shuffled(ops, random))), expected, `order ${round}`);
    });
  }

  it("is idempotent: applying any write again changes nothing", () => {
    const ops = randomOperations(8, 200);
    const state = replay(ops);
    for (const op of ops) assert.equal(run(state, op).changed, false);
    assert.equal(fingerprint(replay(ops, state)), fingerprint(state));
  });

  it("commutes: any two writes from any state give the same result in either order", () => {
    const random = seededRandom(9);
    const ops = randomOperations(10, 400);
    for (let i = 0; i < 500; i++) {
      const base = replay(ops.slice(0, Math.floor(random() * 30)));
      const [a, b] = [pick(ops, random), pick(ops, random)];
      assert.equal(fingerprint(run(run(base, a).state, b).state), fingerprint(run(run(base, b).state, a).state));
    }
  });
});
