import { distinctTrials, verdict, type Trial } from "./experiments.js";
import { dayNumber, type PerformanceRecord, type UtcOffset } from "./performance.js";
import { CATEGORIES } from "./vocabulary.js";

export type MilestoneKind = "practice" | "accuracy" | "categories" | "story-coverage" | "streak" | "experiments";

export interface MilestoneDefinition {
  id: string;
  kind: MilestoneKind;
  title: string;
  description: string;
  target: number;
  /** For sustained milestones: how many of the latest attempts the mean is taken over. */
  window?: number;
}

/** Facts about the person's whole history that the ladder is measured against. */
export interface MilestoneFacts {
  attempts: number;
  /** Accuracy of attempts, oldest first. */
  accuracies: number[];
  storyCoverages: number[];
  categoriesPractised: number;
  longestStreak: number;
  trials: number;
  decidedExperiments: number;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

function ladder(): MilestoneDefinition[] {
  const out: MilestoneDefinition[] = [];
  for (const n of [1, 10, 25, 50, 100, 250]) {
    out.push({
      id: `practice-${n}`,
      kind: "practice",
      title: n === 1 ? "First answer" : `${n} answers`,
      description: `Record ${n} practised answer${n === 1 ? "" : "s"}.`,
      target: n,
    });
  }
  for (const [target, window] of [
    [0.7, 10],
    [0.8, 20],
    [0.9, 30],
  ] as const) {
    out.push({
      id: `accuracy-${target * 100}-${window}`,
      kind: "accuracy",
      title: `Sustained ${pct(target)}`,
      description: `Mean accuracy of at least ${pct(target)} over your last ${window} attempts.`,
      target,
      window,
    });
  }
  for (const n of [3, 6, CATEGORIES.length]) {
    out.push({
      id: `categories-${n}`,
      kind: "categories",
      title: n === CATEGORIES.length ? "Every category" : `${n} categories`,
      description: `Practise questions from ${n === CATEGORIES.length ? "all" : n} of the ${CATEGORIES.length} categories.`,
      target: n,
    });
  }
  for (const [target, window] of [
    [0.6, 10],
    [0.8, 20],
  ] as const) {
    out.push({
      id: `story-coverage-${target * 100}-${window}`,
      kind: "story-coverage",
      title: `Story coverage ${pct(target)}`,
      description: `Mean story coverage of at least ${pct(target)} over your last ${window} attempts.`,
      target,
      window,
    });
  }
  for (const n of [3, 7, 14, 30]) {
    out.push({ id: `streak-${n}`, kind: "streak", title: `${n}-day streak`, description: `Practise on ${n} consecutive days.`, target: n });
  }
  for (const n of [1, 10, 30]) {
    out.push({
      id: `experiments-${n}`,
      kind: "experiments",
      title: n === 1 ? "First A/B trial" : `${n} A/B trials`,
      description: `Run ${n} head-to-head trial${n === 1 ? "" : "s"} of answer strategies.`,
      target: n,
    });
  }
  out.push({
    id: "decided-1",
    kind: "experiments",
    title: "A decided experiment",
    description: "Run one strategy pair until the sequential test decides its winner (a false decision at most 1 time in 20, however often you look).",
    target: 1,
  });
  return out;
}

export const MILESTONE_LADDER: readonly MilestoneDefinition[] = ladder();

function longestStreak(records: readonly PerformanceRecord[], utcOffsetMinutes: UtcOffset): number {
  const days = [...new Set(records.map((r) => dayNumber(r.recordedAt, utcOffsetMinutes)))].sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  for (let i = 0; i < days.length; i++) {
    run = i > 0 && days[i]! - days[i - 1]! === 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** Distinct trials grouped by pair in one pass, so the count costs one walk of the history, not one per pair. */
function decidedPairs(distinct: readonly Trial[], onlyPair?: readonly [string, string]): number {
  const pairs = new Map<string, Trial[]>();
  const wanted = onlyPair ? pairKey(...onlyPair) : null;
  for (const t of distinct) {
    const key = pairKey(t.controlVariantId, t.testVariantId);
    if (wanted !== null && key !== wanted) continue;
    const group = pairs.get(key);
    if (group) group.push(t);
    else pairs.set(key, [t]);
  }
  let decided = 0;
  for (const group of pairs.values()) {
    const { controlVariantId: control, testVariantId: test } = group[0]!;
    if (verdict(group, control, test).status === "decided") decided++;
  }
  return decided;
}

/**
 * The facts the ladder is measured against. Pass `only` to measure just some kinds (the rest
 * read as zero): a new trial cannot move a practice milestone, so a trial write skips them; and
 * `onlyPair` to count decided experiments in that pair alone: a trial can decide only its own pair.
 */
export function milestoneFacts(
  records: readonly PerformanceRecord[],
  trials: readonly Trial[],
  utcOffsetMinutes: UtcOffset,
  only?: ReadonlySet<MilestoneKind>,
  onlyPair?: readonly [string, string],
): MilestoneFacts {
  if (only && !["practice", "accuracy", "categories", "story-coverage", "streak"].some((k) => only.has(k as MilestoneKind))) {
    records = [];
  }
  if (only && !only.has("experiments")) trials = [];
  const ordered = [...records].sort((a, b) => a.recordedAt - b.recordedAt || a.id - b.id);
  const distinct = distinctTrials(trials);
  return {
    attempts: ordered.length,
    accuracies: ordered.map((r) => r.accuracy),
    storyCoverages: ordered.map((r) => r.storyCoverage),
    categoriesPractised: new Set(ordered.map((r) => r.category)).size,
    longestStreak: longestStreak(ordered, utcOffsetMinutes),
    trials: distinct.length,
    decidedExperiments: decidedPairs(distinct, onlyPair),
  };
}

export interface MilestoneProgress extends MilestoneDefinition {
  current: number;
  /** 0–1; a sustained milestone needs both enough attempts and a high enough mean. */
  progress: number;
  reached: boolean;
}

function meanOfLast(values: number[], window: number): number {
  const last = values.slice(-window);
  return last.length === 0 ? 0 : last.reduce((a, b) => a + b, 0) / last.length;
}

export function measure(definition: MilestoneDefinition, facts: MilestoneFacts): MilestoneProgress {
  let current: number;
  let progress: number;
  if (definition.window !== undefined) {
    const values = definition.kind === "accuracy" ? facts.accuracies : facts.storyCoverages;
    const mean = meanOfLast(values, definition.window);
    // Decide on the exact mean; round only what is shown, so 0.6996 never reaches a 0.7 target.
    current = Math.round(mean * 1000) / 1000;
    progress = Math.min(1, values.length / definition.window, mean / definition.target);
  } else {
    current = {
      practice: facts.attempts,
      categories: facts.categoriesPractised,
      streak: facts.longestStreak,
      experiments: definition.id.startsWith("decided") ? facts.decidedExperiments : facts.trials,
      accuracy: 0,
      "story-coverage": 0,
    }[definition.kind];
    progress = Math.min(1, current / definition.target);
  }
  const reached = progress >= 1;
  // Shown to three places, but never as 1 before the milestone is really reached.
  return { ...definition, current, progress: reached ? 1 : Math.min(0.999, Math.round(progress * 1000) / 1000), reached };
}

/**
 * The next milestones to aim for: the lowest unreached rung of each kind first, closest to
 * done first, then the rungs above them.
 */
export function nextMilestones(facts: MilestoneFacts, achieved: ReadonlySet<string>, count: number): MilestoneProgress[] {
  const rungs = new Map<MilestoneKind, number>();
  const open = MILESTONE_LADDER.map((d) => measure(d, facts))
    .filter((m) => !achieved.has(m.id) && !m.reached)
    .map((m) => {
      const rung = rungs.get(m.kind) ?? 0;
      rungs.set(m.kind, rung + 1);
      return { m, rung };
    });
  return open
    .sort((a, b) => a.rung - b.rung || b.m.progress - a.m.progress)
    .slice(0, count)
    .map((x) => x.m);
}

/** Milestones the facts now reach that were not achieved before (of the given kinds, when given). */
export function newlyReached(facts: MilestoneFacts, achieved: ReadonlySet<string>, only?: ReadonlySet<MilestoneKind>): MilestoneProgress[] {
  return MILESTONE_LADDER.filter((d) => !achieved.has(d.id) && (!only || only.has(d.kind)))
    .map((d) => measure(d, facts))
    .filter((m) => m.reached);
}

/** Kinds whose unachieved milestones a write of this sort could unlock. */
export function openKinds(achieved: ReadonlySet<string>, candidates: readonly MilestoneKind[]): Set<MilestoneKind> {
  return new Set(candidates.filter((kind) => MILESTONE_LADDER.some((d) => d.kind === kind && !achieved.has(d.id))));
}
