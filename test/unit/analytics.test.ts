import assert from "node:assert/strict";
import { analyticsReport, type Period } from "../../mcp-server/src/domain/analytics.js";
import { percentile, percentilesBySelection, practiceStreak, type PerformanceRecord } from "../../mcp-server/src/domain/performance.js";
import type { Category } from "../../mcp-server/src/domain/vocabulary.js";

const NOW = Date.parse("2026-06-15T12:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let nextId = 1;
function rec(recordedAt: number, overrides: Partial<PerformanceRecord> = {}): PerformanceRecord {
  return {
    id: nextId++,
    recordedAt,
    category: "leadership",
    questionId: null,
    variantId: null,
    accuracy: 0.8,
    storyCoverage: 0.9,
    satisfaction: 4,
    responseTime: 60,
    ...overrides,
  };
}

const report = (records: PerformanceRecord[], period: Period = "daily", category?: Category, utcOffsetMinutes = 0) =>
  analyticsReport(records, { period, now: NOW, utcOffsetMinutes, ...(category ? { category } : {}) });

const close = (actual: number | null | undefined, expected: number, eps = 1e-9) =>
  assert.ok(actual != null && Math.abs(actual - expected) < eps, `${actual} vs ${expected}`);

describe("analytics report: windows", () => {
  it("daily: a record exactly at now−24h is previous, one just after is current; older and future ones are ignored", () => {
    const r = report([
      rec(NOW - DAY, { accuracy: 0.2 }), // previous (boundary belongs to the older window)
      rec(NOW - DAY + 1, { accuracy: 0.6 }), // current
      rec(NOW, { accuracy: 0.8 }), // current (now itself is inside)
      rec(NOW - 2 * DAY + 1, { accuracy: 0.4 }), // previous
      rec(NOW - 2 * DAY, { accuracy: 1 }), // exactly two windows back: ignored
      rec(NOW - 3 * DAY, { accuracy: 1 }), // ignored
      rec(NOW + 1, { accuracy: 1 }), // future: ignored
    ]);
    assert.equal(r.current.attempts, 2);
    assert.equal(r.previous.attempts, 2);
    close(r.current.accuracy, (0.6 + 0.8) / 2);
    close(r.previous.accuracy, (0.2 + 0.4) / 2);
    assert.equal(r.current.from, "2026-06-14T12:00:00.000Z");
    assert.equal(r.current.to, "2026-06-15T12:00:00.000Z");
    assert.equal(r.previous.from, "2026-06-13T12:00:00.000Z");
    assert.equal(r.previous.to, "2026-06-14T12:00:00.000Z");
    assert.equal(r.generatedAt, "2026-06-15T12:00:00.000Z");
  });

  it("weekly uses 7-day windows", () => {
    const records = [rec(NOW - 7 * DAY + 1), rec(NOW - 7 * DAY), rec(NOW - 13 * DAY), rec(NOW - 14 * DAY), rec(NOW - 20 * DAY)];
    const r = report(records, "weekly");
    assert.equal(r.current.attempts, 1);
    assert.equal(r.previous.attempts, 2);
    assert.equal(r.period, "weekly");
    assert.equal(report(records, "daily").current.attempts, 0);
  });

  it("monthly uses 30-day windows", () => {
    const r = report([rec(NOW - 30 * DAY + 1), rec(NOW - 29 * DAY), rec(NOW - 30 * DAY), rec(NOW - 59 * DAY), rec(NOW - 60 * DAY), rec(NOW + DAY)], "monthly");
    assert.equal(r.current.attempts, 2);
    assert.equal(r.previous.attempts, 2);
  });
});

describe("analytics report: statistics", () => {
  it("means of accuracy, story coverage (3 digits), satisfaction (2 digits) and response time", () => {
    const r = report([
      rec(NOW - HOUR, { accuracy: 0.5, storyCoverage: 0.2, satisfaction: 3, responseTime: 60 }),
      rec(NOW - 2 * HOUR, { accuracy: 0.7, storyCoverage: 0.4, satisfaction: 4, responseTime: 150 }),
      rec(NOW - 3 * HOUR, { accuracy: 0.9, storyCoverage: 0.9, satisfaction: 4, responseTime: 90 }),
    ]);
    assert.equal(r.current.accuracy, 0.7); // 2.1 / 3
    assert.equal(r.current.storyCoverage, 0.5); // 1.5 / 3
    assert.equal(r.current.satisfaction, 3.67); // 11 / 3 = 3.666…
    // sorted 60, 90, 150: p50 = 90; p90 at rank 2·0.9 = 1.8 → 90 + 0.8·60 = 138
    assert.deepEqual(r.current.responseTime, { mean: 100, p50: 90, p90: 138 });
    assert.equal(r.current.empty, false);
  });

  it("response-time percentiles interpolate linearly between sorted values", () => {
    const r = report([50, 10, 40, 20, 30].map((t, i) => rec(NOW - (i + 1) * HOUR, { responseTime: t })));
    // sorted 10..50: p50 rank 2 → 30; p90 rank 3.6 → 40 + 0.6·10 = 46
    assert.deepEqual(r.current.responseTime, { mean: 30, p50: 30, p90: 46 });
  });

  it("percentile sorts numerically, not as strings, and handles even counts", () => {
    const r = report([300, 5, 40, 10].map((t, i) => rec(NOW - (i + 1) * HOUR, { responseTime: t })));
    // sorted 5, 10, 40, 300: p50 rank 1.5 → 25; p90 rank 2.7 → 40 + 0.7·260 = 222
    assert.equal(r.current.responseTime?.p50, 25);
    assert.equal(r.current.responseTime?.p90, 222);
    assert.equal(percentile([10, 20, 30, 40], 0.9), 37); // rank 2.7 → 30 + 0.7·10
    assert.equal(percentile([7], 0.9), 7);
    assert.equal(percentile([], 0.5), null);
  });

  it("an empty current window has attempts 0, empty true and nulls; change compares against the previous window", () => {
    const r = report([rec(NOW - DAY - HOUR), rec(NOW - DAY - 2 * HOUR)]);
    assert.equal(r.current.attempts, 0);
    assert.equal(r.current.empty, true);
    assert.equal(r.current.accuracy, null);
    assert.equal(r.current.storyCoverage, null);
    assert.equal(r.current.satisfaction, null);
    assert.equal(r.current.responseTime, null);
    assert.deepEqual(r.byCategory, []);
    assert.equal(r.weakestCategory, null);
    assert.deepEqual(r.change, { attempts: -2, accuracy: null, storyCoverage: null, satisfaction: null, responseTimeMean: null, responseTimeP50: null });
  });

  it("change is null when both windows are empty", () => {
    const r = report([rec(NOW - 5 * DAY), rec(NOW + HOUR)]);
    assert.equal(r.change, null);
    assert.equal(r.previous.empty, true);
  });

  it("change is current minus previous", () => {
    const r = report([
      rec(NOW - HOUR, { accuracy: 0.8, storyCoverage: 0.6, satisfaction: 5, responseTime: 100 }),
      rec(NOW - 2 * HOUR, { accuracy: 1, storyCoverage: 0.8, satisfaction: 4, responseTime: 140 }),
      rec(NOW - DAY - HOUR, { accuracy: 0.6, storyCoverage: 0.9, satisfaction: 3, responseTime: 200 }),
    ]);
    assert.deepEqual(r.change, {
      attempts: 2 - 1,
      accuracy: 0.3, // 0.9 − 0.6
      storyCoverage: -0.2, // 0.7 − 0.9
      satisfaction: 1.5, // 4.5 − 3
      responseTimeMean: -80, // 120 − 200
      responseTimeP50: -80,
    });
  });

  it("byCategory has one row per practised category in vocabulary order; weakest is the lowest accuracy", () => {
    const r = report([
      rec(NOW - HOUR, { category: "technical", accuracy: 0.7, responseTime: 80 }),
      rec(NOW - HOUR, { category: "conflict", accuracy: 0.4, storyCoverage: 0.5, satisfaction: 2, responseTime: 100 }),
      rec(NOW - 2 * HOUR, { category: "conflict", accuracy: 0.6, storyCoverage: 0.7, satisfaction: 3, responseTime: 120 }),
      rec(NOW - 3 * HOUR, { category: "leadership", accuracy: 0.9 }),
      rec(NOW - DAY - HOUR, { category: "failure", accuracy: 0.1 }), // previous window: no row
    ]);
    assert.deepEqual(
      r.byCategory.map((row) => row.category),
      ["leadership", "conflict", "technical"],
    );
    assert.deepEqual(r.byCategory[1], { category: "conflict", attempts: 2, accuracy: 0.5, storyCoverage: 0.6, satisfaction: 2.5, responseTimeP50: 110 });
    assert.deepEqual(r.weakestCategory, { category: "conflict", accuracy: 0.5, attempts: 2 });
  });

  it("a category filter keeps only that category's records and skips the not-practised recommendation", () => {
    const records = [
      rec(NOW - HOUR, { category: "conflict", accuracy: 0.5 }),
      rec(NOW - HOUR, { category: "leadership", accuracy: 1 }),
      rec(NOW - DAY - HOUR, { category: "leadership" }),
    ];
    const r = report(records, "daily", "conflict");
    assert.equal(r.category, "conflict");
    assert.equal(r.current.attempts, 1);
    assert.equal(r.current.accuracy, 0.5);
    assert.equal(r.previous.attempts, 0);
    assert.deepEqual(
      r.byCategory.map((row) => row.category),
      ["conflict"],
    );
    assert.ok(r.recommendations.every((x) => x.category === "conflict"));
  });
});

describe("practice streak", () => {
  const today = Date.parse("2026-06-15T08:00:00Z");
  const yesterday = Date.parse("2026-06-14T20:00:00Z");
  const twoDaysAgo = Date.parse("2026-06-13T01:00:00Z");

  it("today, yesterday and two days ago make 3, counting days outside the report windows", () => {
    assert.equal(practiceStreak([rec(today), rec(yesterday), rec(twoDaysAgo)], NOW, 0), 3);
    assert.equal(report([rec(today), rec(yesterday), rec(twoDaysAgo)]).streakDays, 3);
  });

  it("a missing day breaks the streak", () => {
    assert.equal(practiceStreak([rec(today), rec(twoDaysAgo)], NOW, 0), 1);
  });

  it("no practice yet today: the streak up to yesterday still counts", () => {
    assert.equal(practiceStreak([rec(yesterday), rec(twoDaysAgo)], NOW, 0), 2);
    assert.equal(practiceStreak([rec(twoDaysAgo)], NOW, 0), 0);
    assert.equal(practiceStreak([], NOW, 0), 0);
  });

  it("the UTC offset moves records across local midnight", () => {
    // 23:30Z on the 13th is 00:30 on the 14th at UTC+1, closing the gap to today.
    const records = [rec(Date.parse("2026-06-15T10:00:00Z")), rec(Date.parse("2026-06-13T23:30:00Z"))];
    assert.equal(practiceStreak(records, NOW, 0), 1);
    assert.equal(practiceStreak(records, NOW, 60), 2);
    assert.equal(report(records, "daily", undefined, 60).streakDays, 2);
    // 01:00Z on the 15th is 23:00 on the 14th at UTC−2, the same local day as 03:00Z on the 14th.
    const west = [rec(Date.parse("2026-06-15T01:00:00Z")), rec(Date.parse("2026-06-14T03:00:00Z"))];
    assert.equal(practiceStreak(west, NOW, 0), 2);
    assert.equal(practiceStreak(west, NOW, -120), 1);
  });
});

describe("analytics recommendations", () => {
  const find = (r: ReturnType<typeof report>, key: string) => r.recommendations.find((x) => key in x.evidence);

  it("an empty window gives a single high recommendation", () => {
    const r = report([rec(NOW - DAY - HOUR)]);
    assert.equal(r.recommendations.length, 1);
    assert.equal(r.recommendations[0]!.priority, "high");
    assert.deepEqual(r.recommendations[0]!.evidence, { attempts: 0, previousAttempts: 1 });
    assert.equal(report([]).recommendations[0]!.priority, "high");
  });

  it("the weakest category below 0.6 accuracy is a high-priority recommendation naming it", () => {
    const r = report([rec(NOW - HOUR, { category: "conflict", accuracy: 0.5 }), rec(NOW - HOUR, { category: "leadership", accuracy: 0.9 })]);
    const weak = r.recommendations.find((x) => x.evidence.category === "conflict");
    assert.ok(weak);
    assert.equal(weak.priority, "high");
    assert.equal(weak.category, "conflict");
    assert.equal(weak.evidence.accuracy, 0.5);
    assert.match(weak.message, /Conflict/);
    const medium = report([rec(NOW - HOUR, { category: "conflict", accuracy: 0.7 }), rec(NOW - HOUR, { category: "leadership", accuracy: 0.9 })]);
    assert.equal(medium.recommendations.find((x) => x.evidence.category === "conflict")?.priority, "medium");
  });

  it("a p90 response time over 180 s gives a recommendation; exactly 180 s does not", () => {
    // sorted 100, 120, 140, 160, 400: p90 rank 3.6 → 160 + 0.6·240 = 304
    const slow = report([100, 120, 140, 160, 400].map((t) => rec(NOW - HOUR, { responseTime: t })));
    assert.equal(find(slow, "responseTimeP90")?.evidence.responseTimeP90, 304);
    assert.equal(find(report([rec(NOW - HOUR, { responseTime: 180 })]), "responseTimeP90"), undefined);
  });

  it("an accuracy drop of 0.05 or more gives a high recommendation; a smaller drop does not", () => {
    const drop = report([rec(NOW - HOUR, { accuracy: 0.75 }), rec(NOW - DAY - HOUR, { accuracy: 0.8 })]);
    const rec1 = find(drop, "previousAccuracy");
    assert.equal(rec1?.priority, "high");
    assert.equal(rec1?.evidence.change, -0.05);
    assert.equal(find(report([rec(NOW - HOUR, { accuracy: 0.76 }), rec(NOW - DAY - HOUR, { accuracy: 0.8 })]), "previousAccuracy"), undefined);
  });
});

describe("streaks across a daylight-saving change", () => {
  it("uses the offset in force at each record's own instant", () => {
    // A zone at UTC+2 before 2026-10-25T01:00Z and UTC+1 after it.
    const change = Date.parse("2026-10-25T01:00:00Z");
    const offset = (t: number) => (t < change ? 120 : 60);
    const at = (iso: string) => ({
      id: 1,
      recordedAt: Date.parse(iso),
      category: "conflict" as const,
      questionId: null,
      variantId: null,
      accuracy: 1,
      storyCoverage: 1,
      satisfaction: 5,
      responseTime: 60,
    });
    // 00:30 local on the 25th (still UTC+2), then the 26th: two consecutive local days.
    const records = [at("2026-10-24T22:30:00Z"), at("2026-10-26T10:00:00Z")];
    const now = Date.parse("2026-10-26T12:00:00Z");
    assert.equal(practiceStreak(records, now, offset), 2);
    // Today's offset (UTC+1) applied to the first record would put it at 23:30 on the 24th.
    assert.equal(practiceStreak(records, now, 60), 1);
  });
});

describe("percentiles by selection", () => {
  it("agree with the sorted type-7 percentile on awkward inputs", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const inputs = [
      [5],
      [3, 1],
      [2, 2, 2, 2],
      [1, 9, 1, 9, 5],
      Array.from({ length: 1001 }, () => Math.floor(next() * 50)),
      Array.from({ length: 999 }, () => next() * 300),
    ];
    for (const values of inputs) {
      const sorted = [...values].sort((a, b) => a - b);
      const selected = percentilesBySelection(Float64Array.from(values), [0, 0.1, 0.5, 0.9, 1]);
      [0, 0.1, 0.5, 0.9, 1].forEach((p, i) => assert.ok(Math.abs(selected[i]! - percentile(sorted, p)!) < 1e-9, `p${p} of ${values.length} values`));
    }
    assert.deepEqual(percentilesBySelection(new Float64Array(0), [0.5]), [null]);
  });
});

describe("trend", () => {
  const day = 86_400_000;
  const hour = 3_600_000;
  const record = (recordedAt: number, accuracy: number): PerformanceRecord => ({
    id: 1,
    recordedAt,
    category: "conflict",
    questionId: null,
    variantId: null,
    accuracy,
    storyCoverage: 1,
    satisfaction: 5,
    responseTime: 60,
  });

  it("weekly: seven calendar days ending today, each with attempts and mean accuracy or null", () => {
    const now = Date.parse("2026-06-15T12:00:00Z");
    const report = analyticsReport([record(now - 0.6 * day, 0.8), record(now - 0.25 * day, 0.6), record(now - 6.4 * day, 0.2), record(now - 8 * day, 1)], {
      period: "weekly",
      now,
      utcOffsetMinutes: 0,
    });
    assert.deepEqual(
      report.trend.map((p) => p.from),
      ["2026-06-09", "2026-06-10", "2026-06-11", "2026-06-12", "2026-06-13", "2026-06-14", "2026-06-15"].map((d) => `${d}T00:00:00.000Z`),
    );
    assert.deepEqual([report.trend[0]!.attempts, report.trend[0]!.accuracy], [1, 0.2], "June 9th 02:24");
    assert.deepEqual([report.trend[5]!.attempts, report.trend[5]!.accuracy], [1, 0.8], "21:36 on the 14th");
    assert.deepEqual([report.trend[6]!.attempts, report.trend[6]!.accuracy], [1, 0.6], "6 h ago is today");
    assert.deepEqual(
      report.trend.slice(1, 5).map((p) => p.accuracy),
      [null, null, null, null],
    );
    assert.equal(analyticsReport([], { period: "monthly", now, utcOffsetMinutes: 0 }).trend.length, 30);
  });

  it("practice this morning is drawn under today, not under the day the rolling window began", () => {
    // 09:00 in Berlin (UTC+2): the week's window began at 09:00 seven days ago, so its last 24 h start yesterday.
    const now = Date.parse("2026-06-15T07:00:00Z");
    const report = analyticsReport([record(Date.parse("2026-06-15T06:30:00Z"), 0.9), record(Date.parse("2026-06-14T21:30:00Z"), 0.5)], {
      period: "weekly",
      now,
      utcOffsetMinutes: 120,
    });
    const today = report.trend.at(-1)!;
    assert.equal(today.from, "2026-06-14T22:00:00.000Z", "local midnight of June 15th");
    assert.deepEqual([today.attempts, today.accuracy], [1, 0.9]);
    assert.deepEqual([report.trend.at(-2)!.attempts, report.trend.at(-2)!.accuracy], [1, 0.5], "23:30 local on the 14th");
  });

  it("daily: 24 clock hours ending with the current one; a record from the future is left out", () => {
    const now = Date.parse("2026-06-15T12:40:00Z");
    const report = analyticsReport([record(now - 10 * 60_000, 0.7), record(now - 23.8 * hour, 0.3), record(now + 60_000, 1)], {
      period: "daily",
      now,
      utcOffsetMinutes: 0,
    });
    assert.equal(report.trend.length, 24);
    assert.equal(report.trend[0]!.from, "2026-06-14T13:00:00.000Z");
    assert.equal(report.trend[23]!.from, "2026-06-15T12:00:00.000Z");
    assert.deepEqual([report.trend[23]!.attempts, report.trend[23]!.accuracy], [1, 0.7]);
    assert.equal(
      report.trend.reduce((n, p) => n + p.attempts, 0),
      1,
      "12:52 yesterday is before the first clock hour drawn; the future is not drawn",
    );
  });

  it("days follow the offset in force at each instant across a clock change", () => {
    // Europe/Berlin: UTC+1 until 2026-03-29 01:00 UTC, UTC+2 after.
    const berlin = (t: number) => (t < Date.parse("2026-03-29T01:00:00Z") ? 60 : 120);
    const now = Date.parse("2026-03-30T10:00:00Z");
    const report = analyticsReport([record(Date.parse("2026-03-28T23:30:00Z"), 0.4)], { period: "weekly", now, utcOffsetMinutes: berlin });
    assert.equal(report.trend.at(-1)!.from, "2026-03-29T22:00:00.000Z", "March 30th begins at 00:00 CEST");
    assert.equal(report.trend.at(-2)!.from, "2026-03-28T23:00:00.000Z", "March 29th begins at 00:00 CET");
    assert.deepEqual([report.trend.at(-2)!.attempts, report.trend.at(-2)!.accuracy], [1, 0.4], "00:30 CET on the 29th");
  });
});
