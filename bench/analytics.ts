import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyticsReport } from "../mcp-server/src/domain/analytics.js";
import type { PerformanceRecord } from "../mcp-server/src/domain/performance.js";
import { CATEGORIES } from "../mcp-server/src/domain/vocabulary.js";
import { CoachDatabase } from "../mcp-server/src/store/database.js";
import { connect, ms, OUR_SERVER, row, summary, timeCalls } from "./support.js";

const DAY = 86_400_000;

/** A deterministic history: n records spread over the last 60 days (both monthly windows). */
export function syntheticHistory(n: number, now: number): PerformanceRecord[] {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    recordedAt: now - Math.floor(next() * 60 * DAY),
    category: CATEGORIES[i % CATEGORIES.length]!,
    questionId: null,
    variantId: null,
    accuracy: next(),
    storyCoverage: next(),
    satisfaction: 1 + Math.floor(next() * 5),
    responseTime: 30 + next() * 240,
  }));
}

function timeDomain(records: PerformanceRecord[], now: number, runs = 15): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    analyticsReport(records, { period: "monthly", now, utcOffsetMinutes: 0 });
    samples.push(performance.now() - started);
  }
  return summary(samples).p50;
}

/** get_analytics_report over 100,000 stored records, end to end over stdio, plus the pure report's growth with size. */
export async function analyticsAtScale(server = OUR_SERVER, n = 100_000): Promise<string[]> {
  const now = Date.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-analytics-"));
  const records = syntheticHistory(n, now);
  const database = new CoachDatabase(dataDir);
  const seeded = performance.now();
  await database.write((db) => {
    for (const r of records) {
      db.run(
        "INSERT INTO performance (recorded_at, category, accuracy, story_coverage, satisfaction, response_time, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [r.recordedAt, r.category, r.accuracy, r.storyCoverage, r.satisfaction, r.responseTime, now],
      );
    }
  });
  const seedMs = performance.now() - seeded;
  database.close();
  const client = await connect([server, "--data-dir", dataDir, "--log-level", "warn"]);
  try {
    const firstStarted = performance.now();
    await client.callTool({ name: "get_analytics_report", arguments: { period: "monthly" } });
    const first = performance.now() - firstStarted;
    const warm = summary(await timeCalls(client, "get_analytics_report", { period: "monthly" }, 50, 5));
    const half = timeDomain(records.slice(0, n / 2), now);
    const full = timeDomain(records, now);
    const double = timeDomain([...records, ...syntheticHistory(n, now - 1)], now);
    return [
      `get_analytics_report over ${n.toLocaleString("en")} records (seeded in ${ms(seedMs)})`,
      `  first call (loads the history into memory) ${ms(first)}`,
      row("warm calls over stdio", warm),
      `  pure report: ${n / 2} → ${ms(half)}, ${n} → ${ms(full)}, ${2 * n} → ${ms(double)}  (×${(full / half).toFixed(2)}, ×${(double / full).toFixed(2)} per doubling)`,
      `  target: ≤ 50 ms, no worse than linear growth`,
    ];
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
