import assert from "node:assert/strict";
import { verdictOf, MIN_TRIALS_FOR_VERDICT, type TrialOutcome } from "../../mcp-server/src/domain/experiments.js";
import { probabilityAboveHalf, posteriorFrom } from "../../mcp-server/src/domain/posterior.js";
import { SEQUENTIAL_ALPHA, sequentialTest } from "../../mcp-server/src/domain/sequential.js";
import { seededRandom } from "../support/seeded-random.js";

/** One experiment's trials: the test strategy wins with `pTest`, ties with `pTie`. */
function experiment(random: () => number, trials: number, pTest: number, pTie = 0): TrialOutcome[] {
  return Array.from({ length: trials }, () => {
    const u = random();
    if (u < pTie) return "tie";
    return random() < pTest ? "test" : "control";
  });
}

/** The rule the coach used before: 95% posterior, re-checked after every trial from the fifth. */
function fixedThresholdEverDecides(outcomes: readonly TrialOutcome[]): boolean {
  let a = 0;
  let b = 0;
  let ties = 0;
  return outcomes.some((o, i) => {
    if (o === "test") a++;
    else if (o === "control") b++;
    else ties++;
    const p = probabilityAboveHalf(posteriorFrom(a, b, ties));
    return i + 1 >= MIN_TRIALS_FOR_VERDICT && Math.max(p, 1 - p) >= 0.95;
  });
}

const figures: string[] = [];

describe("A/B verdicts under peeking (simulated, a look after every trial)", function () {
  this.timeout(60_000);
  after(() => console.log(`      ${figures.join("\n      ")}`));

  for (const { label, pTie, seed } of [
    { label: "no ties", pTie: 0, seed: 11 },
    { label: "30% ties", pTie: 0.3, seed: 12 },
  ]) {
    it(`with equal strategies (${label}), at most ${SEQUENTIAL_ALPHA * 100}% of experiments ever show "decided" within 100 trials; the old 95% rule shows it far more often`, () => {
      const random = seededRandom(seed);
      const runs = 4_000;
      let decided = 0;
      let oldRule = 0;
      for (let r = 0; r < runs; r++) {
        const outcomes = experiment(random, 100, 0.5, pTie);
        if (sequentialTest(outcomes).decidedAfter !== null) decided++;
        if (fixedThresholdEverDecides(outcomes)) oldRule++;
      }
      figures.push(
        `equal strategies, ${label}: ever decided within 100 trials ${((100 * decided) / runs).toFixed(1)}% (sequential) vs ${((100 * oldRule) / runs).toFixed(1)}% (95% posterior re-checked), ${runs} experiments`,
      );
      assert.ok(decided / runs <= SEQUENTIAL_ALPHA, `${decided} of ${runs}`);
      assert.ok(oldRule / runs > 0.2, `the old rule decided ${oldRule} of ${runs}`);
    });
  }

  it('with an 80/20 preference, "decided" for the right strategy arrives within 50 trials in at least 90% of experiments, the wrong one almost never', () => {
    const random = seededRandom(21);
    const runs = 4_000;
    let right = 0;
    let wrong = 0;
    const when: number[] = [];
    for (let r = 0; r < runs; r++) {
      // Alternate which side is better, so neither orientation is favoured.
      const testBetter = r % 2 === 0;
      const outcomes = experiment(random, 50, testBetter ? 0.8 : 0.2);
      const v = verdictOf(outcomes, "control-strategy", "test-strategy");
      if (v.status !== "decided") continue;
      if (v.winner === (testBetter ? "test-strategy" : "control-strategy")) {
        right++;
        when.push(v.decidedAfter!);
      } else wrong++;
    }
    when.sort((x, y) => x - y);
    figures.push(
      `80/20 preference: decided for the better strategy within 50 trials in ${((100 * right) / runs).toFixed(1)}% (median after ${when[Math.floor(when.length / 2)]} trials), for the worse in ${((100 * wrong) / runs).toFixed(2)}%`,
    );
    assert.ok(right / runs >= 0.9, `${right} of ${runs}`);
    assert.ok(wrong / runs <= 0.01, `${wrong} of ${runs}`);
  });

  it("with a 65/35 preference, reports what 100 trials achieve", () => {
    const random = seededRandom(31);
    const runs = 2_000;
    let right = 0;
    for (let r = 0; r < runs; r++) if (sequentialTest(experiment(random, 100, 0.65)).decidedFor === "test") right++;
    figures.push(`65/35 preference: decided for the better strategy within 100 trials in ${((100 * right) / runs).toFixed(1)}%`);
    assert.ok(right / runs > 0.5, `${right} of ${runs}`);
  });
});
