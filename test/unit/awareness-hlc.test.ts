import assert from "node:assert/strict";
import {
  ClockDriftError,
  clockMs,
  compareClocks,
  encodeClock,
  initialClock,
  laterThan,
  MAX_COUNTER,
  parseClock,
  receive,
  tick,
  type Hlc,
} from "../../mcp-server/src/contracts/hlc.js";
import { CoachInputError } from "../../mcp-server/src/errors.js";
import { pick, seededRandom } from "../support/seeded-random.js";

const T = Date.parse("2026-06-15T12:00:00Z");
const hlc = (ms: number, counter: number, node = "a"): Hlc => ({ ms, counter, node });

describe("hybrid logical clock", () => {
  it("a local event moves to physical time, or counts within the millisecond", () => {
    assert.deepEqual(tick(initialClock("a"), T), hlc(T, 0));
    assert.deepEqual(tick(hlc(T, 0), T), hlc(T, 1));
    assert.deepEqual(tick(hlc(T, 4), T - 500), hlc(T, 5), "a physical clock that stepped back does not move the clock back");
    assert.deepEqual(tick(hlc(T, 4), T + 1), hlc(T + 1, 0));
  });

  it("receiving takes the greatest of local, remote and physical time, and counts past both (Kulkarni et al. 2014)", () => {
    assert.deepEqual(receive(hlc(T, 2), hlc(T, 7, "b"), T), hlc(T, 8), "equal ms: the larger counter + 1");
    assert.deepEqual(receive(hlc(T + 5, 2), hlc(T, 7, "b"), T), hlc(T + 5, 3), "local ahead: local counter + 1");
    assert.deepEqual(receive(hlc(T, 2), hlc(T + 5, 7, "b"), T), hlc(T + 5, 8), "remote ahead: remote counter + 1");
    assert.deepEqual(receive(hlc(T - 9, 2), hlc(T - 5, 7, "b"), T), hlc(T, 0), "physical time ahead of both: counter resets");
  });

  it("rejects a remote clock more than the drift bound ahead, naming the field and the bound", () => {
    assert.deepEqual(receive(hlc(T, 0), hlc(T + 60_000, 0, "b"), T), hlc(T + 60_000, 1), "exactly at the bound is accepted");
    assert.throws(
      () => receive(hlc(T, 0), hlc(T + 60_001, 0, "b"), T),
      (error: unknown) => error instanceof ClockDriftError && error instanceof CoachInputError && error.field === "clock" && /60 s ahead/.test(error.rule),
    );
    assert.throws(
      () => receive(hlc(T, 0), hlc(T + 2_000, 0, "b"), T, 1_000, "since"),
      (error: unknown) => error instanceof ClockDriftError && error.field === "since",
    );
  });

  it("a full counter spills into the next millisecond", () => {
    assert.deepEqual(tick(hlc(T, MAX_COUNTER), T), hlc(T + 1, 0));
    assert.deepEqual(receive(hlc(T, 0), hlc(T, MAX_COUNTER, "b"), T), hlc(T + 1, 0));
  });

  it("every event is later than the one before it, however physical time jumps", () => {
    const random = seededRandom(7);
    let local = initialClock("node-a");
    let now = T;
    for (let i = 0; i < 5_000; i++) {
      now += Math.floor(random() * 20) - 8;
      const next = random() < 0.5 ? tick(local, now) : receive(local, hlc(now + Math.floor(random() * 30) - 15, Math.floor(random() * 5), "node-b"), now);
      assert.equal(compareClocks(next, local), 1);
      assert.ok(next.ms >= now, "never behind physical time");
      local = next;
    }
  });

  it("laterThan keeps a later candidate, else takes the smallest clock after the head", () => {
    assert.deepEqual(laterThan(null, hlc(T, 0, "x")), hlc(T, 0, "x"));
    assert.deepEqual(laterThan(hlc(T, 3, "a"), hlc(T, 4, "x")), hlc(T, 4, "x"));
    assert.deepEqual(laterThan(hlc(T + 10, 3, "z"), hlc(T, 4, "x")), hlc(T + 10, 4, "x"));
    assert.deepEqual(laterThan(hlc(T, 3, "z"), hlc(T, 3, "a")), hlc(T, 4, "a"), "same ms and counter, lower node: after the head");
  });

  describe("encoding", () => {
    it("is fixed-width digits then the node, and parses back", () => {
      const text = encodeClock(hlc(T, 42, "vscode-1"));
      assert.equal(text, `00${T}-00042-vscode-1`);
      assert.deepEqual(parseClock(text), hlc(T, 42, "vscode-1"));
      assert.equal(clockMs(text), T);
    });

    it("sorts as text and as bytes exactly as the clocks compare", () => {
      const random = seededRandom(11);
      const nodes = ["a", "ab", "a-b", "a.b", "A", "b", "vscode", "vscode:2", "claude", "_", "0"];
      const clocks = Array.from({ length: 400 }, () => hlc(T + Math.floor(random() * 3), Math.floor(random() * 3), pick(nodes, random)));
      for (let i = 0; i < clocks.length - 1; i++) {
        const [a, b] = [clocks[i]!, clocks[i + 1]!];
        const [ea, eb] = [encodeClock(a), encodeClock(b)];
        const textOrder = ea === eb ? 0 : ea < eb ? -1 : 1;
        assert.equal(textOrder, compareClocks(a, b), `${ea} vs ${eb}`);
        assert.equal(Math.sign(Buffer.compare(Buffer.from(ea), Buffer.from(eb))), compareClocks(a, b), `bytes of ${ea} vs ${eb}`);
      }
    });

    it("rejects malformed clocks with the rule", () => {
      for (const bad of [
        "",
        "yesterday",
        `${T}-00000-a`,
        `00${T}-0000-a`,
        `00${T}-00000-`,
        `00${T}-00000-with space`,
        `00${T}-00000-${"n".repeat(65)}`,
        42,
        null,
      ]) {
        assert.throws(
          () => parseClock(bad),
          (error: unknown) =>
            error instanceof CoachInputError && error.field === "clock" && /15-digit milliseconds, 5-digit counter and node id/.test(error.rule),
          String(bad),
        );
      }
      assert.throws(() => encodeClock(hlc(-1, 0)), /milliseconds must be an integer/);
      assert.throws(() => encodeClock(hlc(T, MAX_COUNTER + 1)), /counter must be an integer/);
      assert.throws(
        () => initialClock("has space"),
        (error: unknown) => error instanceof CoachInputError && error.field === "node",
      );
    });
  });
});
