import { lazy } from "./lazy.js";
import type { BetaPosterior } from "./posterior.js";

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use; see lazy.ts */
const special = lazy(() => ({
  betaln: require("@stdlib/math-base-special-betaln") as typeof import("@stdlib/math-base-special-betaln"),
  betainc: require("@stdlib/math-base-special-betainc") as typeof import("@stdlib/math-base-special-betainc"),
}));
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The always-valid verdict for a pair of strategies: a mixture sequential probability ratio test
 * (Robbins 1970; Johari, Pekelis & Walsh, "Always valid inference", Operations Research 2022) of
 * H0: p = ½, where p is the chance the test strategy wins a trial, mixed over p with Beta(1, 1).
 * With a = test wins + ties/2 and b = control wins + ties/2 after n = a + b trials,
 *   Λn = B(1 + a, 1 + b) / B(1, 1) / ½ⁿ.
 * Under H0, Λ is a nonnegative supermartingale, so by Ville's inequality the chance it ever
 * reaches 1/α is at most α, however often a person looks.
 */
export const SEQUENTIAL_ALPHA = 0.05;
export const DECISION_EVIDENCE = 1 / SEQUENTIAL_ALPHA;
const LOG_DECISION_EVIDENCE = Math.log(DECISION_EVIDENCE);

export type SequentialOutcome = "control" | "test" | "tie";

/**
 * log Λ for a test score of a and a control score of b. A tie adds ½ to each side: the per-trial
 * factor (p/(1−p))^x·(1−p)/½ is convex in the outcome x ∈ [0, 1], so its mean under any null
 * outcome distribution with mean ½ is at most 1, and ties keep Λ a supermartingale.
 */
export function logEvidence(a: number, b: number): number {
  return special().betaln(1 + a, 1 + b) + (a + b) * Math.LN2;
}

export interface SequentialResult {
  /** Λ after the last trial: how many times likelier the trials are under "one is better" than under "equal". */
  evidence: number;
  /** The always-valid p-value: min over every look so far of min(1, 1/Λ). */
  alwaysValidPValue: number;
  /** Trials when Λ first reached 1/α; null while not decided. */
  decidedAfter: number | null;
  /** The side leading when Λ first reached 1/α. */
  decidedFor: "test" | "control" | null;
}

/** Walks the pair's trials in the order they were recorded, as a person who looked after each one saw them. */
export function sequentialTest(outcomes: readonly SequentialOutcome[]): SequentialResult {
  let a = 0;
  let b = 0;
  let maxLog = 0;
  let decidedAfter: number | null = null;
  let decidedFor: "test" | "control" | null = null;
  let log = 0;
  outcomes.forEach((outcome, i) => {
    // A win multiplies Λ by 2·(1 + a)/(2 + a + b), exactly (B(x + 1, y) = B(x, y)·x/(x + y)); a tie's half steps need the beta function.
    if (outcome === "test") {
      log += Math.log((2 * (1 + a)) / (2 + a + b));
      a += 1;
    } else if (outcome === "control") {
      log += Math.log((2 * (1 + b)) / (2 + a + b));
      b += 1;
    } else {
      a += 0.5;
      b += 0.5;
      log = logEvidence(a, b);
    }
    if (log > maxLog) maxLog = log;
    if (decidedAfter === null && log >= LOG_DECISION_EVIDENCE && a !== b) {
      decidedAfter = i + 1;
      decidedFor = a > b ? "test" : "control";
    }
  });
  // Past about 1,030 one-sided trials Λ exceeds a double, and JSON has no Infinity.
  return { evidence: Math.min(Number.MAX_VALUE, Math.exp(log)), alwaysValidPValue: Math.min(1, Math.exp(-maxLog)), decidedAfter, decidedFor };
}

/**
 * The expected loss of picking the leader now, in chance-of-winning points: E[max(0, ½ − p)] when
 * the test strategy leads (what is given up if it is in fact the weaker), E[max(0, p − ½)] when the
 * control leads. Exact, from the regularized incomplete beta: E[(½ − p)⁺] = ½·I½(α, β) − μ·I½(α + 1, β).
 */
export function expectedLossOfLeader(posterior: BetaPosterior, leader: "test" | "control"): number {
  const { alpha, beta } = posterior;
  const { betainc } = special();
  const mean = alpha / (alpha + beta);
  const below = 0.5 * betainc(0.5, alpha, beta, true, false) - mean * betainc(0.5, alpha + 1, beta, true, false);
  // E[(p − ½)⁺] = E[p − ½] + E[(½ − p)⁺]
  const loss = leader === "test" ? below : mean - 0.5 + below;
  return Math.max(0, loss);
}
