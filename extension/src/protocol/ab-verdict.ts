import type { AbTestResult } from "./webview-protocol.js";

export type PairVerdict = Pick<
  AbTestResult,
  "tally" | "status" | "winner" | "probabilityTestBetter" | "evidence" | "decisionThreshold" | "alwaysValidPValue" | "decidedAfter" | "expectedLossOfLeader"
>;

export interface VerdictWords {
  /** What the sequential test says: decided, not yet, or too few trials. */
  headline: string;
  /** How it got there: the trials and always-valid p-value, or nothing. */
  detail: string | null;
  /** What picking the current leader now would risk; null with no leader or too few trials. */
  risk: string | null;
}

/**
 * The pair's verdict in words, the same in the A/B runner and the compare notification: "decided"
 * only from the sequential test, and otherwise how far its evidence has to go.
 */
export function verdictWords(v: PairVerdict, controlVariantId: string, testVariantId: string): VerdictWords {
  if (v.status === "insufficient_data") return { headline: `not enough trials yet (${v.tally.trials} of 5)`, detail: null, risk: null };
  // The posterior's leader, which after a late turn may differ from the side the test decided for.
  const leader = v.probabilityTestBetter > 0.5 ? testVariantId : v.probabilityTestBetter < 0.5 ? controlVariantId : null;
  const risk = leader && `picking ${leader} now risks ${(v.expectedLossOfLeader * 100).toFixed(1)} points of win chance`;
  if (v.status === "decided")
    return { headline: `decided: ${v.winner} is better`, detail: `after ${v.decidedAfter} trials, always-valid p = ${v.alwaysValidPValue.toFixed(3)}`, risk };
  return { headline: `not decided yet: evidence ${v.evidence.toFixed(1)} of the ${v.decisionThreshold} needed`, detail: null, risk };
}
