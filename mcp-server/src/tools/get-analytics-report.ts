import { getAnalyticsReportInput, getAnalyticsReportOutput } from "../contracts/progress.js";
import { analyticsReport } from "../domain/analytics.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const getAnalyticsReport = defineTool({
  name: "get_analytics_report",
  title: "Analytics report",
  description:
    "Practice analytics for the window ending now (daily 24 h, weekly 7 days, monthly 30 days) against the window before: attempts, mean accuracy, story coverage, satisfaction, " +
    "response time (mean, p50, p90), per-category rows, weakest category, streak, and recommendations from these numbers. Empty windows report nulls.",
  input: getAnalyticsReportInput,
  output: getAnalyticsReportOutput,
  annotations: READ_ONLY,
  app: "dashboard",
  run: async ({ period, category }, context) =>
    analyticsReport(await context.store.performance(), { period, category, now: context.now(), utcOffsetMinutes: context.utcOffsetMinutes() }),
});
