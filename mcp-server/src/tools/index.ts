import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CoachContext } from "../context.js";
import { analyzeJobFitTool } from "./analyze-job-fit.js";
import { deleteAllData } from "./delete-all-data.js";
import { evaluateResponse } from "./evaluate-response.js";
import { exportData } from "./export-data.js";
import { generateResponse } from "./generate-response.js";
import { getAnalyticsReport } from "./get-analytics-report.js";
import { getNextMilestones } from "./get-next-milestones.js";
import { getPersonalizedRecommendations } from "./get-personalized-recommendations.js";
import { getProfile } from "./get-profile.js";
import { getStarStories } from "./get-star-stories.js";
import { getVariantPerformance } from "./get-variant-performance.js";
import { listQuestions } from "./list-questions.js";
import { listVariants } from "./list-variants.js";
import { practiceQuestion } from "./practice-question.js";
import { recommendStrategy } from "./recommend-strategy.js";
import { recordPerformance } from "./record-performance.js";
import { runAbTest } from "./run-ab-test.js";
import { searchExperience } from "./search-experience.js";
import { getTargetRole, setTargetRole } from "./target-role.js";
import { registerTool } from "./tool.js";

export const TOOLS = [
  getProfile,
  getStarStories,
  searchExperience,
  listQuestions,
  practiceQuestion,
  listVariants,
  generateResponse,
  evaluateResponse,
  runAbTest,
  getAnalyticsReport,
  getVariantPerformance,
  recommendStrategy,
  recordPerformance,
  getPersonalizedRecommendations,
  getNextMilestones,
  analyzeJobFitTool,
  setTargetRole,
  getTargetRole,
  exportData,
  deleteAllData,
] as const;

export function registerTools(server: McpServer, context: CoachContext): void {
  for (const tool of TOOLS) registerTool(server, context, tool as Parameters<typeof registerTool>[2]);
}
