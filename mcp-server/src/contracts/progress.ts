import { z } from "zod";
import { PERIODS } from "../domain/analytics.js";
import { categorySchema, evidenceSchema, isoTimestamp, milestoneSchema, priorityEnum, variantIdSchema } from "./common.js";

export const periodSchema = z.enum(PERIODS, { error: 'must be "daily", "weekly" or "monthly"' });
export type Period = z.output<typeof periodSchema>;

export const recordPerformanceInput = z.strictObject({
  accuracy: z.number({ error: "must be a number from 0 to 1" }).min(0, { error: "must be from 0 to 1" }).max(1, { error: "must be from 0 to 1" }),
  storyCoverage: z.number({ error: "must be a number from 0 to 1" }).min(0, { error: "must be from 0 to 1" }).max(1, { error: "must be from 0 to 1" }),
  satisfaction: z.number({ error: "must be a number from 1 to 5" }).min(1, { error: "must be from 1 to 5" }).max(5, { error: "must be from 1 to 5" }),
  responseTime: z
    .number({ error: "must be a number of seconds ≥ 0" })
    .min(0, { error: "must be seconds ≥ 0" })
    .max(86_400, { error: "must be at most 86400 seconds" }),
  category: categorySchema,
  questionId: z.string().max(100).optional(),
  variantId: variantIdSchema.optional(),
  timestamp: z.iso.datetime({ offset: true, error: "must be an ISO-8601 date and time, e.g. 2026-05-01T09:30:00Z" }).optional(),
  judgedBy: z
    .enum(["rubric", "model", "person"], { error: 'must be "rubric", "model" or "person"' })
    .optional()
    .describe("Who gave the accuracy: the rubric (default), a language model, or the person"),
  modelJudge: z
    .strictObject({
      judge: z.string().trim().min(1, { error: "must name the model" }).max(200),
      overall: z.number({ error: "must be a number from 0 to 100" }).min(0, { error: "must be from 0 to 100" }).max(100, { error: "must be from 0 to 100" }),
    })
    .optional()
    .describe("A model's overall grade (0–100) given beside the rubric's, stored next to it under the model's name"),
  storyIds: z
    .array(z.string().max(100, { error: "must be at most 100 characters" }), { error: "must be a list of story ids" })
    .max(20, { error: "must list at most 20 stories" })
    .optional()
    .describe("The twin's stories the answer told (evaluate_response's recognisedStories); lets the coach warn when one story answers too many questions"),
  attemptId: z
    .string({ error: "must be text" })
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, { error: "must be 1–100 letters, digits, '.', '_', ':' or '-'" })
    .optional()
    .describe("The client's own id for this attempt: sent again (a retry after a lost answer), the attempt is recorded once and the first record is returned"),
});

export const recordPerformanceOutput = z.object({
  recordId: z.number().int(),
  judgedBy: z.enum(["rubric", "model", "person"]),
  storyWarnings: z
    .array(z.object({ storyId: z.string(), title: z.string(), questions: z.number().int(), categories: z.array(z.string()), message: z.string() }))
    .describe("Stories this answer told that now answer too many different questions"),
  recordedAt: isoTimestamp,
  unlockedMilestones: z.array(milestoneSchema),
  card: z.object({ questionId: z.string(), due: isoTimestamp, reps: z.number().int(), rating: z.string() }).nullable(),
});

const windowSchema = z.object({
  from: isoTimestamp,
  to: isoTimestamp,
  attempts: z.number().int(),
  empty: z.boolean(),
  accuracy: z.number().nullable(),
  storyCoverage: z.number().nullable(),
  satisfaction: z.number().nullable(),
  responseTime: z.object({ mean: z.number(), p50: z.number(), p90: z.number() }).nullable(),
});

export const getAnalyticsReportInput = z.strictObject({
  period: periodSchema,
  category: categorySchema.optional(),
});

export const getAnalyticsReportOutput = z.object({
  period: periodSchema,
  category: categorySchema.nullable(),
  generatedAt: isoTimestamp,
  metrics: z
    .object({ accuracy: z.number().nullable(), storyCoverage: z.number().nullable(), satisfaction: z.number().nullable(), responseTime: z.number().nullable() })
    .describe(
      "The period's means (the current window's): accuracy and story coverage 0–1, satisfaction 1–5, response time in seconds; null when it has no practice",
    ),
  current: windowSchema,
  previous: windowSchema,
  change: z
    .object({
      attempts: z.number().int(),
      accuracy: z.number().nullable(),
      storyCoverage: z.number().nullable(),
      satisfaction: z.number().nullable(),
      responseTimeMean: z.number().nullable(),
      responseTimeP50: z.number().nullable(),
    })
    .nullable(),
  byCategory: z.array(
    z.object({
      category: categorySchema,
      attempts: z.number().int(),
      accuracy: z.number(),
      storyCoverage: z.number(),
      satisfaction: z.number(),
      responseTimeP50: z.number(),
    }),
  ),
  weakestCategory: z.object({ category: categorySchema, accuracy: z.number(), attempts: z.number().int() }).nullable(),
  streakDays: z.number().int(),
  trend: z.array(z.object({ from: isoTimestamp, attempts: z.number().int(), accuracy: z.number().nullable() })),
  recommendations: z.array(
    z.object({
      kind: z.enum(["no-practice", "weakest-category", "accuracy-drop", "slow-answers", "low-story-coverage", "low-satisfaction", "untouched-categories"]),
      priority: priorityEnum,
      message: z.string(),
      evidence: evidenceSchema,
      category: categorySchema.nullable(),
    }),
  ),
});

const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("practise_question"), questionId: z.string(), question: z.string(), category: categorySchema }),
  z.object({ type: z.literal("strengthen_story"), storyId: z.string(), storyTitle: z.string(), missing: z.array(z.string()) }),
  z.object({ type: z.literal("add_story"), competency: z.string(), exampleQuestionId: z.string().nullable() }),
  z.object({ type: z.literal("prefer_strategy"), variantId: z.string(), overVariantId: z.string(), category: categorySchema.nullable() }),
  z.object({ type: z.literal("prepare_requirement"), requirement: z.string(), question: z.string().nullable() }),
]);

const userIdSchema = z.string().trim().min(1).max(200).optional().describe("Accepted for multi-user hosts; the local store holds one person's data");

export const getRecommendationsInput = z.strictObject({
  userId: userIdSchema,
  includeAnalytics: z.boolean({ error: "must be true or false" }).default(true),
  limit: z.number().int({ error: "must be a whole number" }).min(1, { error: "must be at least 1" }).max(50, { error: "must be at most 50" }).default(10),
});
export const getRecommendationsOutput = z.object({
  userId: z.string(),
  generatedAt: isoTimestamp,
  recommendations: z.array(
    z.object({ rank: z.number().int(), priority: priorityEnum, title: z.string(), reason: z.string(), evidence: evidenceSchema, action: actionSchema }),
  ),
});

export const getNextMilestonesInput = z.strictObject({
  userId: userIdSchema,
  numberOfMilestones: z
    .number()
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(30, { error: "must be at most 30" })
    .default(5),
});
export const getNextMilestonesOutput = z.object({
  userId: z.string(),
  next: z.array(milestoneSchema),
  achieved: z.array(z.object({ id: z.string(), title: z.string(), description: z.string(), achievedAt: isoTimestamp, value: z.number() })),
});
