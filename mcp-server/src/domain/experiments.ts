import { credibleInterval, posteriorFrom, probabilityAboveHalf } from "./posterior.js";
import { DECISION_EVIDENCE, expectedLossOfLeader, sequentialTest } from "./sequential.js";
import type { Category } from "./vocabulary.js";

export type TrialOutcome = "control" | "test" | "tie";

/** One head-to-head trial of two answer strategies on one question. */
export interface Trial {
  id: number;
  recordedAt: number;
  questionId: string | null;
  question: string;
  category: Category | null;
  controlVariantId: string;
  testVariantId: string;
  controlScore: number;
  testScore: number;
  outcome: TrialOutcome;
  judgedBy: "rubric" | "person";
  /** Identifies the head-to-head (question and both answers); a repeat replaces the earlier judgment. */
  fingerprint?: string | null;
}

/**
 * One judgment per distinct head-to-head: the same two answers to the same question, judged
 * again (the rubric is deterministic), are not new evidence. The latest judgment stands.
 */
export function distinctTrials(trials: readonly Trial[]): Trial[] {
  const latest = new Map<string, Trial>();
  for (const t of trials) latest.set(t.fingerprint ?? `#${t.id}`, t);
  return trials.filter((t) => latest.get(t.fingerprint ?? `#${t.id}`) === t);
}

export interface Tally {
  trials: number;
  controlWins: number;
  testWins: number;
  ties: number;
}

export type ExperimentStatus = "insufficient_data" | "leaning" | "decided";

export interface ExperimentVerdict {
  tally: Tally;
  /** The Beta posterior's P(p > ½): the chance the test strategy is the better one. */
  probabilityTestBetter: number;
  confidence: number;
  winner: string;
  status: ExperimentStatus;
  /** The mixture SPRT's likelihood ratio after the last trial. */
  evidence: number;
  /** Λ that decides: 1/α. */
  decisionThreshold: number;
  alwaysValidPValue: number;
  /** Trials it took to decide; null while not decided. */
  decidedAfter: number | null;
  /** Chance-of-winning points given up, in expectation, by picking the current leader now. */
  expectedLossOfLeader: number;
}

export const MIN_TRIALS_FOR_VERDICT = 5;

/** Trials of a pair in either orientation, oldest first, as outcomes for the test strategy's side. */
export function pairOutcomes(trials: readonly Trial[], controlVariantId: string, testVariantId: string): TrialOutcome[] {
  const same = (t: Trial) => t.controlVariantId === controlVariantId && t.testVariantId === testVariantId;
  const reversed = (t: Trial) => t.controlVariantId === testVariantId && t.testVariantId === controlVariantId;
  // The pair's trials first: a fingerprint names both strategies, so repeats never cross pairs.
  const pair = trials.filter((t) => same(t) || reversed(t));
  return distinctTrials(pair).map((t) => (t.outcome === "tie" ? "tie" : (t.outcome === "test") === same(t) ? "test" : "control"));
}

/** Trials of a pair count in either orientation; a reversed trial's outcome is mirrored. */
export function tallyPair(trials: readonly Trial[], controlVariantId: string, testVariantId: string): Tally {
  return tallyOf(pairOutcomes(trials, controlVariantId, testVariantId));
}

function tallyOf(outcomes: readonly TrialOutcome[]): Tally {
  const tally: Tally = { trials: outcomes.length, controlWins: 0, testWins: 0, ties: 0 };
  for (const o of outcomes) {
    if (o === "tie") tally.ties++;
    else if (o === "test") tally.testWins++;
    else tally.controlWins++;
  }
  return tally;
}

/**
 * The pair's verdict from its trials in recorded order. "decided" comes only from the mixture
 * sequential test, which stays honest when a person looks after every trial; the posterior gives
 * the displayed chance that the test strategy is better.
 */
export function verdict(trials: readonly Trial[], controlVariantId: string, testVariantId: string): ExperimentVerdict {
  return verdictOf(pairOutcomes(trials, controlVariantId, testVariantId), controlVariantId, testVariantId);
}

export function verdictOf(outcomes: readonly TrialOutcome[], controlVariantId: string, testVariantId: string): ExperimentVerdict {
  const tally = tallyOf(outcomes);
  const posterior = posteriorFrom(tally.testWins, tally.controlWins, tally.ties);
  const probabilityTestBetter = probabilityAboveHalf(posterior);
  const confidence = Math.max(probabilityTestBetter, 1 - probabilityTestBetter);
  const sequential = sequentialTest(outcomes);
  const leader = probabilityTestBetter > 0.5 ? "test" : probabilityTestBetter < 0.5 ? "control" : null;
  const decided = sequential.decidedFor !== null;
  const side = decided ? sequential.decidedFor : leader;
  const winner = side === "test" ? testVariantId : side === "control" ? controlVariantId : "tie";
  const status: ExperimentStatus = tally.trials < MIN_TRIALS_FOR_VERDICT ? "insufficient_data" : decided ? "decided" : "leaning";
  return {
    tally,
    probabilityTestBetter,
    confidence,
    winner,
    status,
    evidence: sequential.evidence,
    decisionThreshold: DECISION_EVIDENCE,
    alwaysValidPValue: sequential.alwaysValidPValue,
    decidedAfter: sequential.decidedAfter,
    expectedLossOfLeader: leader === null ? expectedLossOfLeader(posterior, "test") : expectedLossOfLeader(posterior, leader),
  };
}

/** The rubric judges a trial: the higher overall score wins; equal scores tie. */
export function outcomeByScore(controlScore: number, testScore: number): TrialOutcome {
  if (testScore > controlScore) return "test";
  if (controlScore > testScore) return "control";
  return "tie";
}

export interface VariantRecord {
  trials: number;
  wins: number;
  losses: number;
  ties: number;
  winRate: number | null;
  winRateInterval: [number, number];
  meanScore: number | null;
}

export interface VariantPerformance extends VariantRecord {
  variantId: string;
  byCategory: ({ category: Category | "uncategorised" } & VariantRecord)[];
}

function record(trials: readonly Trial[], variantId: string): VariantRecord {
  let wins = 0;
  let losses = 0;
  let ties = 0;
  let scoreSum = 0;
  for (const t of trials) {
    const asTest = t.testVariantId === variantId;
    scoreSum += asTest ? t.testScore : t.controlScore;
    if (t.outcome === "tie") ties++;
    else if ((t.outcome === "test") === asTest) wins++;
    else losses++;
  }
  const n = trials.length;
  return {
    trials: n,
    wins,
    losses,
    ties,
    winRate: n === 0 ? null : (wins + ties / 2) / n,
    winRateInterval: credibleInterval(posteriorFrom(wins, losses, ties)),
    meanScore: n === 0 ? null : Math.round((scoreSum / n) * 10) / 10,
  };
}

/** Every trial the variant took part in, against any opponent, as wins, losses and ties. */
export function variantPerformance(all: readonly Trial[], variantId: string, category?: Category): VariantPerformance {
  const mine = distinctTrials(all).filter(
    (t) =>
      (t.controlVariantId === variantId || t.testVariantId === variantId) && t.controlVariantId !== t.testVariantId && (!category || t.category === category),
  );
  const groups = new Map<Category | "uncategorised", Trial[]>();
  for (const t of mine) {
    const key = t.category ?? "uncategorised";
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  }
  return {
    variantId,
    ...record(mine, variantId),
    byCategory: [...groups.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([c, trials]) => ({ category: c, ...record(trials, variantId) })),
  };
}
