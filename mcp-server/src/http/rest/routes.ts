import type { FastifyInstance } from "fastify";
import { analyzeJobFitTool } from "../../tools/analyze-job-fit.js";
import { evaluateResponse } from "../../tools/evaluate-response.js";
import { connectorFetch } from "../../tools/fetch.js";
import { getAnalyticsReport } from "../../tools/get-analytics-report.js";
import { getNextMilestones } from "../../tools/get-next-milestones.js";
import { getPersonalizedRecommendations } from "../../tools/get-personalized-recommendations.js";
import { getStarStories } from "../../tools/get-star-stories.js";
import { getVariantPerformance } from "../../tools/get-variant-performance.js";
import { listQuestions } from "../../tools/list-questions.js";
import { listVariants } from "../../tools/list-variants.js";
import { recommendStrategy } from "../../tools/recommend-strategy.js";
import { recordPerformance } from "../../tools/record-performance.js";
import { runAbTest } from "../../tools/run-ab-test.js";
import { getTargetRole, setTargetRole } from "../../tools/target-role.js";
import { documentRoute } from "./document-route.js";
import { interviewPrepRoute } from "./interview-prep-route.js";
import { toolRoute, type AnyTool } from "./tool-route.js";
import { twinRoute } from "./twin-route.js";

const tool = (definition: unknown) => definition as AnyTool;
const CATEGORY = "Only this question category";
const PERIOD = "daily (the last 24 hours), weekly (7 days) or monthly (30 days)";

/**
 * /api/v1: the MCP tools for GPT Actions and other HTTP clients, each route a thin adapter over
 * one tool, plus the story and question documents the connector's search results link to; and
 * the routes the product's first plan published outside /api/v1, kept for its clients.
 */
export function restRoutes(app: FastifyInstance): void {
  app.openapi
    .tag("Answers", "Score interview answers with the explainable rubric.")
    .tag("Experiments", "A/B trials of answer strategies and each strategy's record.")
    .tag("Progress", "Practice results, analytics, recommendations and milestones.")
    .tag("Questions", "The interview question bank and each question's practice schedule.")
    .tag("Stories", "The person's STAR stories from their digital twin.")
    .tag("Jobs", "Fit to a job description, and the job the person prepares for.");

  toolRoute(app, tool(analyzeJobFitTool), {
    method: "POST",
    path: "/api/v1/job-fit",
    operationId: "analyzeJobFit",
    summary: "Analyse fit to a job description",
    description:
      "Reads a job description against the twin: requirements (skills, competencies, seniority, domain; must or nice, with the posting's words), the evidence for each, the weighted fit, the gaps and a practice set. Stores nothing.",
    tags: ["Jobs"],
    responseDescription: "The requirements with their evidence, the fit, the gaps and the practice set.",
  });

  toolRoute(app, tool(setTargetRole), {
    method: "POST",
    path: "/api/v1/target-role",
    operationId: "setTargetRole",
    summary: "Save or clear the target role",
    description:
      "Analyses a job description and saves it as the job the person prepares for (practice and recommendations then favour its competencies and gaps); clear: true removes it.",
    tags: ["Jobs"],
    responseDescription: "The saved target role, or null once cleared.",
  });

  toolRoute(app, tool(getTargetRole), {
    method: "GET",
    path: "/api/v1/target-role",
    operationId: "getTargetRole",
    summary: "The target role",
    description: "The job the person prepares for, analysed against the twin as it is now; null when none is saved.",
    tags: ["Jobs"],
  });

  toolRoute(app, tool(evaluateResponse), {
    method: "POST",
    path: "/api/v1/evaluations",
    operationId: "evaluateAnswer",
    summary: "Score an answer with the rubric",
    description:
      "Scores an interview answer with the explainable rubric: overall 0–100 and band, six dimensions, a score per STAR part, length, filler words, measured results, recognised stories and feedback quoting the answer. Stores nothing.",
    tags: ["Answers"],
    responseDescription: "The rubric's evaluation.",
  });

  interviewPrepRoute(app);
  twinRoute(app);

  toolRoute(app, tool(runAbTest), {
    method: "POST",
    path: "/api/v1/ab-tests",
    operationId: "runAbTest",
    summary: "Run an A/B trial of two answer strategies",
    description:
      "Answers one question with two strategies (drafted or given), scores both, records the trial (won by the higher score or the person's pick) and returns both answers, the pair's tally, P(test is better) and the verdict, decided only by a sequential test that stays honest however often it is checked.",
    tags: ["Experiments"],
    status: 201,
    responseDescription: "The trial as recorded, with both answers and the pair's verdict.",
  });

  toolRoute(app, tool(listVariants), {
    method: "GET",
    path: "/api/v1/variants",
    operationId: "listVariants",
    summary: "List answer strategies",
    description:
      "The answer strategies (A/B variants) with what each does and the prompt to follow when drafting in it. Their ids go in controlVariantId and testVariantId of an A/B trial.",
    tags: ["Experiments"],
  });

  toolRoute(app, tool(getVariantPerformance), {
    method: "GET",
    path: "/api/v1/variants/{variantId}/performance",
    operationId: "getVariantPerformance",
    summary: "A strategy's A/B record",
    description:
      "A strategy's record over all its A/B trials against any other: wins, losses, ties, win rate with its 95% credible interval, mean rubric score and per-category rows; optionally for one question category.",
    tags: ["Experiments"],
    parameterDescriptions: { variantId: "A strategy id from listVariants, e.g. star-focused", category: CATEGORY },
  });

  toolRoute(app, tool(recommendStrategy), {
    method: "GET",
    path: "/api/v1/strategy-recommendation",
    operationId: "recommendStrategy",
    summary: "Choose the strategy to try next",
    description:
      "Thompson sampling over the recorded A/B trials: one draw from each strategy's Beta posterior win rate in the category, and the highest draw is the strategy to try next. Each strategy's record, posterior, draw and chance of being best come with it, and the seed that replays it.",
    tags: ["Experiments"],
    parameterDescriptions: { category: CATEGORY, seed: "Replays a recommendation: the same seed and trials give the same draws" },
  });

  toolRoute(app, tool(recordPerformance), {
    method: "POST",
    path: "/api/v1/performance",
    operationId: "recordPerformance",
    summary: "Record a practice result",
    description:
      "Records one practised answer: accuracy and story coverage 0–1, satisfaction 1–5, response time in seconds and category. With a questionId it also schedules that question's next review. Returns the record id and any milestones unlocked.",
    tags: ["Progress"],
    status: 201,
    responseDescription: "The record's id and time, milestones unlocked and the question's new schedule.",
  });

  toolRoute(app, tool(getAnalyticsReport), {
    method: "GET",
    path: "/api/v1/analytics/{period}",
    operationId: "getAnalyticsReport",
    summary: "Analytics report for a period",
    description:
      "Practice analytics for the window ending now against the window before: attempts, accuracy, story coverage, satisfaction, response times, per-category rows, weakest category, streak and recommendations from these numbers.",
    tags: ["Progress"],
    parameterDescriptions: { period: PERIOD, category: CATEGORY },
  });

  toolRoute(app, tool(getAnalyticsReport), {
    method: "GET",
    path: "/api/analytics/performance",
    operationId: "getPerformanceMetrics",
    summary: "Performance metrics for a period",
    description:
      "The analytics report of getAnalyticsReport, with the period in the query: the window's practice numbers against the window before, per-category rows, weakest category, streak and recommendations.",
    tags: ["Progress"],
    parameterDescriptions: { period: PERIOD, category: CATEGORY },
  });

  toolRoute(app, tool(getPersonalizedRecommendations), {
    method: "GET",
    path: "/api/v1/recommendations",
    operationId: "getRecommendations",
    summary: "Personalised recommendations",
    description:
      "Ranked recommendations from the person's own data, each with its priority, the numbers behind it and a concrete next action: a question to practise, a story to strengthen or add, or a strategy to prefer.",
    tags: ["Progress"],
    userIdFromCredential: true,
    parameterDescriptions: {
      includeAnalytics: "Also weigh the last 30 days' analytics (default true)",
      limit: "At most this many recommendations, 1–50 (default 10)",
    },
  });

  toolRoute(app, tool(getNextMilestones), {
    method: "GET",
    path: "/api/v1/milestones",
    operationId: "getNextMilestones",
    summary: "Next milestones",
    description:
      "The next milestones to reach (practice counts, sustained accuracy, category and story coverage, streaks, experiments) with target, current value and progress 0–1, and the milestones already achieved with their dates.",
    tags: ["Progress"],
    userIdFromCredential: true,
    parameterDescriptions: { numberOfMilestones: "How many upcoming milestones, 1–30 (default 5)" },
  });

  toolRoute(app, tool(listQuestions), {
    method: "GET",
    path: "/api/v1/questions",
    operationId: "listQuestions",
    summary: "List interview questions",
    description:
      "Questions from the bank with their competencies, what a strong answer shows and each one's practice schedule; filter by category, or due=true for the practised questions now due for review, most overdue first.",
    tags: ["Questions"],
    parameterDescriptions: { category: CATEGORY },
  });

  const fetchTool = connectorFetch(app.coach.links);
  documentRoute(app, fetchTool, "question", {
    path: "/api/v1/questions/{id}",
    operationId: "getQuestion",
    summary: "One interview question",
    description:
      "One bank question as a document: its text, category, competencies, what a strong answer shows and the person's practice schedule for it (metadata.card). The URL search results link to for question:<id>.",
    tags: ["Questions"],
    parameterDescriptions: { id: "A question id from listQuestions (search's question:<id> without the prefix)" },
  });

  toolRoute(app, tool(getStarStories), {
    method: "GET",
    path: "/api/v1/stories",
    operationId: "listStories",
    summary: "List STAR stories",
    description:
      "The person's STAR stories (situation, task, action, result, learnings, competencies, tags, metrics) from their digital twin; optionally only those with a competency or a tag.",
    tags: ["Stories"],
  });

  documentRoute(app, fetchTool, "story", {
    path: "/api/v1/stories/{id}",
    operationId: "getStory",
    summary: "One STAR story",
    description:
      "One of the person's STAR stories as a document: situation, task, action, result and learnings as text, with competencies, tags and metrics in metadata. The URL search results link to for story:<id>.",
    tags: ["Stories"],
    parameterDescriptions: { id: "A story id from listStories (search's story:<id> without the prefix)" },
  });
}
