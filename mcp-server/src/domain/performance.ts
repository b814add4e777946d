import type { Category } from "./vocabulary.js";

/** One practised answer as recorded by record_performance. */
export interface PerformanceRecord {
  id: number;
  recordedAt: number;
  category: Category;
  questionId: string | null;
  variantId: string | null;
  /** 0–1 */
  accuracy: number;
  /** 0–1 */
  storyCoverage: number;
  /** 1–5 */
  satisfaction: number;
  /** seconds */
  responseTime: number;
  /** The twin's stories the answer told, when the recorder said. */
  storyIds?: readonly string[];
}

export const DAY_MS = 86_400_000;

/**
 * Minutes east of UTC: a fixed number, or the offset in force at each instant, so practice
 * before a daylight-saving change still falls on the local day it happened.
 */
export type UtcOffset = number | ((timestamp: number) => number);

/** The local calendar day number of a timestamp. */
export function dayNumber(timestamp: number, utcOffset: UtcOffset): number {
  const minutes = typeof utcOffset === "number" ? utcOffset : utcOffset(timestamp);
  return Math.floor((timestamp + minutes * 60_000) / DAY_MS);
}

/**
 * Consecutive local days with at least one attempt, ending today, or yesterday when today has
 * none yet (the streak is still alive until the day ends).
 */
export function practiceStreak(records: readonly PerformanceRecord[], now: number, utcOffsetMinutes: UtcOffset): number {
  const days = new Set<number>();
  for (const r of records) days.add(dayNumber(r.recordedAt, utcOffsetMinutes));
  return streakEndingNow(days, now, utcOffsetMinutes);
}

/** The same streak from a set of local day numbers already collected. */
export function streakEndingNow(days: ReadonlySet<number>, now: number, utcOffsetMinutes: UtcOffset): number {
  let day = dayNumber(now, utcOffsetMinutes);
  if (!days.has(day)) day--;
  let streak = 0;
  while (days.has(day)) {
    streak++;
    day--;
  }
  return streak;
}

/** Percentile by linear interpolation between closest ranks (Hyndman–Fan type 7, as numpy's default). */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Rearranges values so values[k] is the k-th smallest (Hoare's quickselect, median-of-three pivot); linear on average. */
function selectInPlace(values: Float64Array, k: number, from = 0, to = values.length - 1): void {
  let lo = from;
  let hi = to;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * The same type-7 percentile as `percentile`, without sorting: select the two order statistics
 * around the rank. Reorders `values`; ascending p lets each selection narrow the next.
 */
export function percentilesBySelection(values: Float64Array, ps: readonly number[]): (number | null)[] {
  const n = values.length;
  if (n === 0) return ps.map(() => null);
  return ps.map((p) => {
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    selectInPlace(values, lo);
    if (lo + 1 >= n || h === lo) return values[lo]!;
    let next = values[lo + 1]!;
    for (let i = lo + 2; i < n; i++) if (values[i]! < next) next = values[i]!;
    return values[lo]! + (h - lo) * (next - values[lo]!);
  });
}

export function round(value: number | null, digits = 3): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
