import { DAY_MS, dayNumber, percentilesBySelection, round, streakEndingNow, type PerformanceRecord, type UtcOffset } from "./performance.js";
import { Trend, type TrendPoint, type TrendShape } from "./trend.js";
import { CATEGORIES, CATEGORY_TITLES, type Category } from "./vocabulary.js";

export type { TrendPoint };

export const PERIODS = ["daily", "weekly", "monthly"] as const;
export type Period = (typeof PERIODS)[number];
export const PERIOD_MS: Record<Period, number> = { daily: DAY_MS, weekly: 7 * DAY_MS, monthly: 30 * DAY_MS };

export interface ResponseTimeStats {
  mean: number;
  p50: number;
  p90: number;
}

export interface WindowStats {
  from: string;
  to: string;
  attempts: number;
  empty: boolean;
  accuracy: number | null;
  storyCoverage: number | null;
  satisfaction: number | null;
  responseTime: ResponseTimeStats | null;
}

export interface WindowChange {
  attempts: number;
  accuracy: number | null;
  storyCoverage: number | null;
  satisfaction: number | null;
  responseTimeMean: number | null;
  responseTimeP50: number | null;
}

export interface CategoryRow {
  category: Category;
  attempts: number;
  accuracy: number;
  storyCoverage: number;
  satisfaction: number;
  responseTimeP50: number;
}

export type FindingKind =
  "no-practice" | "weakest-category" | "accuracy-drop" | "slow-answers" | "low-story-coverage" | "low-satisfaction" | "untouched-categories";

export interface AnalyticsRecommendation {
  kind: FindingKind;
  priority: "high" | "medium" | "low";
  message: string;
  evidence: Record<string, number | string | null>;
  category: Category | null;
}

/** Trend buckets: clock hours for a day, calendar days for a week or a month, the last one now's. */
export const TREND_SHAPES: Record<Period, TrendShape> = {
  daily: { buckets: 24, unit: "hour" },
  weekly: { buckets: 7, unit: "day" },
  monthly: { buckets: 30, unit: "day" },
};

/** The period's figures in the flat shape the product's published contract gives them: the current window's means. */
export interface PeriodMetrics {
  accuracy: number | null;
  storyCoverage: number | null;
  satisfaction: number | null;
  /** Mean seconds per answer. */
  responseTime: number | null;
}

export interface AnalyticsReport {
  period: Period;
  category: Category | null;
  generatedAt: string;
  metrics: PeriodMetrics;
  current: WindowStats;
  previous: WindowStats;
  change: WindowChange | null;
  byCategory: CategoryRow[];
  weakestCategory: { category: Category; accuracy: number; attempts: number } | null;
  streakDays: number;
  trend: TrendPoint[];
  recommendations: AnalyticsRecommendation[];
}

interface Accumulator {
  attempts: number;
  accuracy: number;
  storyCoverage: number;
  satisfaction: number;
  responseTime: number;
  times: number[];
}

const empty = (): Accumulator => ({ attempts: 0, accuracy: 0, storyCoverage: 0, satisfaction: 0, responseTime: 0, times: [] });

function add(acc: Accumulator, r: PerformanceRecord): void {
  acc.attempts++;
  acc.accuracy += r.accuracy;
  acc.storyCoverage += r.storyCoverage;
  acc.satisfaction += r.satisfaction;
  acc.responseTime += r.responseTime;
  acc.times.push(r.responseTime);
}

function windowStats(acc: Accumulator, from: number, to: number): WindowStats {
  const n = acc.attempts;
  const [p50, p90] = percentilesBySelection(new Float64Array(acc.times), [0.5, 0.9]);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    attempts: n,
    empty: n === 0,
    accuracy: n ? round(acc.accuracy / n) : null,
    storyCoverage: n ? round(acc.storyCoverage / n) : null,
    satisfaction: n ? round(acc.satisfaction / n, 2) : null,
    responseTime: n ? { mean: round(acc.responseTime / n, 1)!, p50: round(p50 ?? null, 1)!, p90: round(p90 ?? null, 1)! } : null,
  };
}

const diff = (a: number | null | undefined, b: number | null | undefined, digits = 3) => (a == null || b == null ? null : round(a - b, digits));

export interface ReportOptions {
  period: Period;
  now: number;
  utcOffsetMinutes: UtcOffset;
  category?: Category;
}

/**
 * The report over the window of the period ending now and the window before it.
 * One pass over the records; percentiles sort only the response times inside each window.
 */
export function analyticsReport(records: readonly PerformanceRecord[], options: ReportOptions): AnalyticsReport {
  const { now, period, category } = options;
  const length = PERIOD_MS[period];
  const currentFrom = now - length;
  const previousFrom = now - 2 * length;
  const current = empty();
  const previous = empty();
  const perCategory = new Map<Category, Accumulator>();
  const practisedDays = new Set<number>();
  const trend = new Trend(TREND_SHAPES[period], now, options.utcOffsetMinutes);
  for (const r of records) {
    if (category && r.category !== category) continue;
    if (r.recordedAt > now) continue;
    practisedDays.add(dayNumber(r.recordedAt, options.utcOffsetMinutes));
    if (r.recordedAt > currentFrom) {
      add(current, r);
      trend.add(r.recordedAt, r.accuracy);
      let acc = perCategory.get(r.category);
      if (!acc) perCategory.set(r.category, (acc = empty()));
      add(acc, r);
    } else if (r.recordedAt > previousFrom) {
      add(previous, r);
    }
  }
  const currentStats = windowStats(current, currentFrom, now);
  const previousStats = windowStats(previous, previousFrom, currentFrom);
  const byCategory: CategoryRow[] = [...perCategory.entries()]
    .map(([c, acc]) => {
      const stats = windowStats(acc, currentFrom, now);
      return {
        category: c,
        attempts: stats.attempts,
        accuracy: stats.accuracy!,
        storyCoverage: stats.storyCoverage!,
        satisfaction: stats.satisfaction!,
        responseTimeP50: stats.responseTime!.p50,
      };
    })
    .sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category));
  const weakest = [...byCategory].sort((a, b) => a.accuracy - b.accuracy || b.attempts - a.attempts)[0];
  const report: AnalyticsReport = {
    period,
    category: category ?? null,
    generatedAt: new Date(now).toISOString(),
    metrics: {
      accuracy: currentStats.accuracy,
      storyCoverage: currentStats.storyCoverage,
      satisfaction: currentStats.satisfaction,
      responseTime: currentStats.responseTime?.mean ?? null,
    },
    current: currentStats,
    previous: previousStats,
    change:
      currentStats.empty && previousStats.empty
        ? null
        : {
            attempts: currentStats.attempts - previousStats.attempts,
            accuracy: diff(currentStats.accuracy, previousStats.accuracy),
            storyCoverage: diff(currentStats.storyCoverage, previousStats.storyCoverage),
            satisfaction: diff(currentStats.satisfaction, previousStats.satisfaction, 2),
            responseTimeMean: diff(currentStats.responseTime?.mean, previousStats.responseTime?.mean, 1),
            responseTimeP50: diff(currentStats.responseTime?.p50, previousStats.responseTime?.p50, 1),
          },
    byCategory,
    weakestCategory: weakest ? { category: weakest.category, accuracy: weakest.accuracy, attempts: weakest.attempts } : null,
    streakDays: streakEndingNow(practisedDays, now, options.utcOffsetMinutes),
    trend: trend.points(),
    recommendations: [],
  };
  report.recommendations = reportRecommendations(report);
  return report;
}

const PERIOD_WORDS: Record<Period, string> = { daily: "24 hours", weekly: "7 days", monthly: "30 days" };

/** Recommendations that follow from the report's own numbers, most pressing first. */
export function reportRecommendations(report: AnalyticsReport): AnalyticsRecommendation[] {
  const out: AnalyticsRecommendation[] = [];
  const { current, previous, change } = report;
  const span = PERIOD_WORDS[report.period];
  if (current.empty) {
    out.push({
      kind: "no-practice",
      priority: "high",
      message: previous.empty
        ? `No practice recorded in the last ${span}: start with one question today.`
        : `No practice in the last ${span}, after ${previous.attempts} attempts the ${span} before: pick it up again today.`,
      evidence: { attempts: 0, previousAttempts: previous.attempts },
      category: report.category,
    });
    return out;
  }
  const weakest = report.weakestCategory;
  if (weakest && weakest.accuracy < 0.75 && report.byCategory.length > 1) {
    out.push({
      kind: "weakest-category",
      priority: weakest.accuracy < 0.6 ? "high" : "medium",
      message: `${CATEGORY_TITLES[weakest.category]} is your weakest category: mean accuracy ${Math.round(weakest.accuracy * 100)}% over ${weakest.attempts} attempts. Practise it next.`,
      evidence: { category: weakest.category, accuracy: weakest.accuracy, attempts: weakest.attempts },
      category: weakest.category,
    });
  }
  if (change?.accuracy != null && change.accuracy <= -0.05 && !previous.empty) {
    out.push({
      kind: "accuracy-drop",
      priority: "high",
      message: `Accuracy fell from ${Math.round(previous.accuracy! * 100)}% to ${Math.round(current.accuracy! * 100)}% against the previous ${span}.`,
      evidence: { accuracy: current.accuracy, previousAccuracy: previous.accuracy, change: change.accuracy },
      category: report.category,
    });
  }
  if (current.responseTime && current.responseTime.p90 > 180) {
    out.push({
      kind: "slow-answers",
      priority: "medium",
      message: `One answer in ten runs past ${Math.round(current.responseTime.p90)} s; aim to finish within two and a half minutes (150 s).`,
      evidence: { responseTimeP90: current.responseTime.p90, responseTimeP50: current.responseTime.p50 },
      category: report.category,
    });
  }
  if (current.storyCoverage !== null && current.storyCoverage < 0.5) {
    out.push({
      kind: "low-story-coverage",
      priority: "medium",
      message: `Your answers draw on your stories only ${Math.round(current.storyCoverage * 100)}% of the time; anchor each answer in one of your STAR stories.`,
      evidence: { storyCoverage: current.storyCoverage },
      category: report.category,
    });
  }
  if (current.satisfaction !== null && current.satisfaction < 3) {
    out.push({
      kind: "low-satisfaction",
      priority: "low",
      message: `You rated your answers ${current.satisfaction} of 5 on average; rehearse one story until it feels natural.`,
      evidence: { satisfaction: current.satisfaction },
      category: report.category,
    });
  }
  if (!report.category) {
    const untouched = CATEGORIES.filter((c) => !report.byCategory.some((row) => row.category === c));
    if (untouched.length > 0) {
      out.push({
        kind: "untouched-categories",
        priority: "low",
        message: `Not practised in the last ${span}: ${untouched.map((c) => CATEGORY_TITLES[c]).join(", ")}.`,
        evidence: { categoriesPractised: report.byCategory.length, categoriesTotal: CATEGORIES.length },
        category: untouched[0] ?? null,
      });
    }
  }
  return out;
}
