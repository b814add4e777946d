import { getRecommendationsInput, getRecommendationsOutput } from "../contracts/progress.js";
import { analyticsReport } from "../domain/analytics.js";
import { personalisedRecommendations } from "../domain/recommendations.js";
import { currentTargetRole } from "./target-role.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const getPersonalizedRecommendations = defineTool({
  name: "get_personalized_recommendations",
  title: "Personalised recommendations",
  description:
    "Ranked recommendations, each with its priority, the numbers behind it and a concrete next action: a question to practise (due reviews, weakest category), " +
    "a story to strengthen or add, a gap of the saved target role to prepare, or a strategy to prefer where A/B trials show one is better.",
  input: getRecommendationsInput,
  output: getRecommendationsOutput,
  annotations: READ_ONLY,
  app: "recommendations",
  run: async ({ userId, includeAnalytics, limit }, context) => {
    const { records, trials, cards } = await context.store.snapshot();
    const now = context.now();
    const report = includeAnalytics ? analyticsReport(records, { period: "monthly", now, utcOffsetMinutes: context.utcOffsetMinutes() }) : null;
    const saved = await currentTargetRole(context);
    const target = saved && {
      title: [saved.role, saved.company].filter(Boolean).join(" at ") || "your target role",
      gaps: saved.gaps,
      practice: saved.practice,
    };
    const recommendations = personalisedRecommendations(
      { questions: context.questions, stories: context.twin().stories, records, trials, cards, report, now, target },
      limit,
    );
    return { userId: userId ?? "local", generatedAt: new Date(now).toISOString(), recommendations };
  },
});
