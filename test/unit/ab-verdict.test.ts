import assert from "node:assert/strict";
import { verdictWords, type PairVerdict } from "../../extension/src/protocol/ab-verdict.js";

const base: PairVerdict = {
  tally: { trials: 6, controlWins: 1, testWins: 5, ties: 0 },
  status: "leaning",
  winner: "detailed",
  probabilityTestBetter: 0.98,
  evidence: 4.14,
  decisionThreshold: 20,
  alwaysValidPValue: 0.24,
  decidedAfter: null,
  expectedLossOfLeader: 0.0031,
};

describe("the A/B verdict in words", () => {
  it("not decided: how much evidence there is of how much is needed, and what picking the leader risks", () => {
    assert.deepEqual(verdictWords(base, "concise", "detailed"), {
      headline: "not decided yet: evidence 4.1 of the 20 needed",
      detail: null,
      risk: "picking detailed now risks 0.3 points of win chance",
    });
  });

  it("decided: the side the test decided for, when, and the always-valid p-value", () => {
    const words = verdictWords({ ...base, status: "decided", evidence: 28.4, alwaysValidPValue: 0.0352, decidedAfter: 8 }, "concise", "detailed");
    assert.equal(words.headline, "decided: detailed is better");
    assert.equal(words.detail, "after 8 trials, always-valid p = 0.035");
  });

  it("the risk names the posterior's leader, which a late turn can make the other side; none at exactly even", () => {
    assert.match(
      verdictWords({ ...base, status: "decided", decidedAfter: 8, probabilityTestBetter: 0.3 }, "concise", "detailed").risk!,
      /^picking concise now/,
    );
    assert.equal(verdictWords({ ...base, probabilityTestBetter: 0.5, winner: "tie" }, "concise", "detailed").risk, null);
  });

  it("under 5 trials, only how many there are", () => {
    assert.deepEqual(verdictWords({ ...base, status: "insufficient_data", tally: { ...base.tally, trials: 3 } }, "concise", "detailed"), {
      headline: "not enough trials yet (3 of 5)",
      detail: null,
      risk: null,
    });
  });
});
