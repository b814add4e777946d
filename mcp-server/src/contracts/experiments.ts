import { z } from "zod";
import { evaluationSchema, questionText } from "./answers.js";
import { categorySchema, milestoneSchema, nonEmptyText, variantIdSchema } from "./common.js";

/** Who drafted an answer: the template composer, a language model, the person, or a caller that brought it. */
export const RESPONSE_SOURCES = ["template", "llm", "person", "provided"] as const;
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];
export const responseSourceSchema = z.enum(RESPONSE_SOURCES);

const sideSchema = z.object({
  variantId: z.string(),
  response: z.string(),
  source: responseSourceSchema,
  storyIds: z.array(z.string()),
  evaluation: evaluationSchema,
});

export const tallySchema = z.object({
  trials: z.number().int(),
  controlWins: z.number().int(),
  testWins: z.number().int(),
  ties: z.number().int(),
});

export const runAbTestInput = z.strictObject({
  questionId: z
    .string()
    .trim()
    .min(1, { error: "must not be empty" })
    .max(100)
    .optional()
    .describe("A bank question's id, or the caller's own id for its own question (the text in `question`); trials under one id add up"),
  question: questionText,
  context: z.string().max(2_000).optional(),
  controlVariantId: variantIdSchema,
  testVariantId: variantIdSchema,
  category: categorySchema.optional(),
  controlResponse: nonEmptyText("the control answer", 20_000).optional(),
  testResponse: nonEmptyText("the test answer", 20_000).optional(),
  responseSource: responseSourceSchema.optional().describe("Who drafted the pre-drafted responses (default provided)"),
  preferred: z
    .enum(["control", "test", "tie"], { error: 'must be "control", "test" or "tie"' })
    .optional()
    .describe("The person's pick; recorded instead of the rubric's verdict"),
});

export const runAbTestOutput = z.object({
  trialId: z.number().int(),
  question: z.string(),
  questionId: z.string().nullable(),
  category: categorySchema.nullable(),
  judgedBy: z.enum(["rubric", "person"]),
  outcome: z.enum(["control", "test", "tie"]),
  countedAsNew: z.boolean().describe("false when these two answers to this question were judged before: the new judgment replaces the earlier one"),
  control: sideSchema,
  test: sideSchema,
  tally: tallySchema,
  probabilityTestBetter: z.number().min(0).max(1).describe("Beta-posterior P(p > ½): the chance the test strategy is the better one"),
  confidence: z.number().min(0.5).max(1),
  winner: z.string(),
  status: z
    .enum(["insufficient_data", "leaning", "decided"])
    .describe("decided only when the mixture sequential test's evidence reaches decisionThreshold: honest however often the result is looked at"),
  evidence: z.number().min(0).describe("The mixture SPRT likelihood ratio Λ after the last trial (Beta(1,1) mixture against p = ½)"),
  decisionThreshold: z.number().describe("Λ that decides: 1/α = 20, so equal strategies show decided at most 5% of the time"),
  alwaysValidPValue: z.number().min(0).max(1).describe("min over every look of 1/Λ; valid under continuous monitoring"),
  decidedAfter: z.number().int().nullable().describe("Trials it took to decide; null while not decided"),
  expectedLossOfLeader: z.number().min(0).max(0.5).describe("Chance-of-winning points lost, in expectation, by picking the current leader now"),
  unlockedMilestones: z.array(milestoneSchema),
});

const recordSchema = z.object({
  trials: z.number().int(),
  wins: z.number().int(),
  losses: z.number().int(),
  ties: z.number().int(),
  winRate: z.number().nullable(),
  winRateInterval: z.tuple([z.number(), z.number()]),
  meanScore: z.number().nullable(),
});

export const getVariantPerformanceInput = z.strictObject({ variantId: variantIdSchema, category: categorySchema.optional() });
export const getVariantPerformanceOutput = recordSchema.extend({
  variantId: z.string(),
  category: categorySchema.nullable(),
  byCategory: z.array(recordSchema.extend({ category: z.string() })),
});

export const recommendStrategyInput = z.strictObject({
  category: categorySchema.optional().describe("The question category to choose for; absent: all categories together"),
  seed: z
    .number({ error: "must be a whole number from 1 to 4294967295" })
    .int({ error: "must be a whole number from 1 to 4294967295" })
    .min(1, { error: "must be a whole number from 1 to 4294967295" })
    .max(4_294_967_295, { error: "must be a whole number from 1 to 4294967295" })
    .optional()
    .describe("Replays a recommendation: the same seed and trials give the same draws"),
});

export const recommendStrategyOutput = z.object({
  variantId: z.string().describe("The strategy to try next: the highest posterior draw"),
  category: categorySchema.nullable(),
  seed: z.number().int().describe("The seed these draws came from"),
  method: z.literal("thompson-sampling"),
  reason: z.string(),
  strategies: z.array(
    z.object({
      variantId: z.string(),
      trials: z.number().int(),
      wins: z.number().int(),
      losses: z.number().int(),
      ties: z.number().int(),
      alpha: z.number(),
      beta: z.number(),
      mean: z.number().describe("Posterior mean chance of winning a head-to-head"),
      interval: z.tuple([z.number(), z.number()]).describe("95% equal-tailed credible interval"),
      draw: z.number().describe("This recommendation's draw from the posterior"),
      probabilityBest: z.number().min(0).max(1).describe("Monte Carlo estimate over monteCarloDraws joint draws"),
    }),
  ),
  monteCarloDraws: z.number().int(),
});
