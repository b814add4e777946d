import type { AnalyticsReport, Period } from "#protocol/webview-protocol.js";

export const PERIOD_LABELS: Record<Period, string> = { daily: "Last 24 hours", weekly: "Last 7 days", monthly: "Last 30 days" };

export const percent = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)}%`);

/** A change with its sign in the gauge's own unit; null when either window is empty. */
export function signed(value: number | null | undefined, unit: "points" | "rating" | "seconds"): string | null {
  if (value === null || value === undefined) return null;
  const shown = unit === "points" ? Math.round(value * 100) : unit === "rating" ? Math.round(value * 10) / 10 : Math.round(value);
  const suffix = unit === "points" ? " pts" : unit === "seconds" ? " s" : "";
  return `${shown > 0 ? "+" : shown < 0 ? "" : "±"}${shown}${suffix}`;
}

export function trendLabels(report: AnalyticsReport): string[] {
  return report.trend.map((point) => {
    const date = new Date(point.from);
    return report.period === "daily"
      ? date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
      : date.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  });
}
