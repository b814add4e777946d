import { z } from "zod";
import { categorySchema, competencySchema } from "./common.js";

export const questionSchema = z.object({
  id: z.string(),
  text: z.string(),
  category: categorySchema,
  competencies: z.array(competencySchema),
  kind: z.enum(["behavioural", "role"]),
  lookFor: z.string(),
});

export const cardSchema = z.object({
  due: z.string(),
  reps: z.number().int(),
  lapses: z.number().int(),
  stability: z.number(),
  difficulty: z.number(),
  lastScore: z.number().nullable(),
  lastReview: z.string().nullable(),
});

export const listQuestionsInput = z.strictObject({
  category: categorySchema.optional(),
  due: z.boolean({ error: "must be true or false" }).optional().describe("true: only practised questions now due for review, most overdue first"),
});
export const listQuestionsOutput = z.object({
  questions: z.array(questionSchema.extend({ card: cardSchema.nullable() })),
  total: z.number().int(),
  dueCount: z.number().int(),
});

export const practiceQuestionInput = z.strictObject({
  category: categorySchema.optional().describe("Practise this category instead of letting the schedule choose"),
  questionId: z
    .string()
    .max(100, { error: "must be at most 100 characters" })
    .optional()
    .describe("Practise this bank question (a recommendation's questionId); with category, they must agree"),
});
export const practiceQuestionOutput = z.object({
  question: questionSchema,
  reason: z.enum(["due", "weakest-category", "new-category", "chosen-category", "chosen-question", "target-role"]),
  explanation: z.string(),
  card: cardSchema.nullable(),
  suggestedStoryIds: z.array(z.string()),
});
