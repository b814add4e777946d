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

export function round(value: number | null, digits = 3): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
