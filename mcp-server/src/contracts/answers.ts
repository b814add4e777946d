import { z } from "zod";
import { modelJudgeOutcomeSchema } from "./model-judge.js";
import { categorySchema, competencySchema, nonEmptyText, variantIdSchema } from "./common.js";

export const dimensionScores = z.object({
  structure: z.number().min(0).max(100),
  relevance: z.number().min(0).max(100),
  specificity: z.number().min(0).max(100),
  ownership: z.number().min(0).max(100),
  conciseness: z.number().min(0).max(100),
  clarity: z.number().min(0).max(100),
});

export const starScores = z.object({
  situation: z.number().min(0).max(100),
  task: z.number().min(0).max(100),
  action: z.number().min(0).max(100),
  result: z.number().min(0).max(100),
});

export const evaluationSchema = z.object({
  overall: z.number().min(0).max(100),
  band: z.enum(["weak", "developing", "good", "strong"]),
  dimensions: dimensionScores,
  star: starScores,
  starSpans: z.array(z.object({ start: z.number().int(), end: z.number().int(), elements: z.array(z.enum(["situation", "task", "action", "result"])) })),
  wordCount: z.number().int(),
  speakingSeconds: z.number().int(),
  fillerWords: z.array(z.object({ word: z.string(), count: z.number().int() })),
  quantifiedResults: z.array(z.string()),
  hypotheticalPhrases: z.array(z.string()),
  competencies: z.array(competencySchema),
  recognisedStories: z
    .array(z.object({ storyId: z.string(), title: z.string(), overlap: z.number(), numbers: z.array(z.string()) }))
    .describe("Stories the answer tells: it narrates, and repeats the story's own numbers with its distinctive words (or many of those words)"),
  feedback: z.array(
    z.object({
      kind: z.enum(["strength", "improve"]),
      dimension: z.enum(["structure", "relevance", "specificity", "ownership", "conciseness", "clarity"]),
      message: z.string(),
      quote: z.string().nullable(),
    }),
  ),
});

export const questionText = nonEmptyText("the interview question", 1_000);
export const answerText = nonEmptyText("the answer", 20_000);

export const evaluateResponseInput = z.strictObject({
  question: questionText,
  response: answerText,
  category: categorySchema.optional(),
  questionId: z.string().max(100).optional().describe("A question bank id; its competencies then steer the relevance score"),
  modelJudge: z
    .boolean()
    .optional()
    .describe(
      "Also ask the client's language model (MCP sampling) to grade the same dimensions, quoting the answer; shown beside the rubric's score, never instead of it",
    ),
});
export const evaluateResponseOutput = evaluationSchema.extend({
  judgedBy: z.literal("rubric").describe("Who produced overall, band and dimensions: always the deterministic rubric"),
  modelJudgement: modelJudgeOutcomeSchema.optional().describe("Present when modelJudge was asked for"),
});

export const variantSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  prompt: z.string(),
  targetWords: z.tuple([z.number().int(), z.number().int()]),
});
export const listVariantsOutput = z.object({ variants: z.array(variantSchema) });

export const generateResponseInput = z.strictObject({
  question: questionText,
  variantId: variantIdSchema,
  storyId: z.string().min(1, { error: "must name a story in the twin (empty)" }).max(100).optional().describe("Draft from this story first"),
  context: z.string().max(2_000).optional().describe("Company, role or focus that should steer which stories are used"),
  category: categorySchema.optional(),
});
export const generateResponseOutput = z.object({
  response: z.string(),
  storyIds: z.array(z.string()),
  variantId: z.string(),
  source: z.literal("template"),
});
