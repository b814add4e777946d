import { z } from "zod";
import { evaluateResponseOutput, generateResponseOutput, questionText } from "./answers.js";
import { categorySchema, competencySchema } from "./common.js";
import { recommendStrategyOutput } from "./experiments.js";

/** POST /api/chat/interview-prep, as the product's first plan published it: clients written against it send this. */
export const interviewPrepInput = z.strictObject({
  question: questionText,
  category: categorySchema.optional().describe("The question's category; absent: the strategy is chosen from the trials of every category"),
});

export const interviewPrepOutput = z.object({
  question: z.string(),
  category: categorySchema.nullable().describe("The category given, or null: no category is guessed from a question's words"),
  competencies: z.array(competencySchema).describe("What the question probes: the category's own first, then those its words name"),
  stories: z
    .array(
      z.object({
        storyId: z.string(),
        title: z.string(),
        competencies: z.array(competencySchema).describe("The story's own"),
        sharedCompetencies: z.array(competencySchema).describe("Those of the question's competencies the story is tagged with"),
      }),
    )
    .describe(
      "The twin's stories that fit best, best first: the question's competencies they are tagged with, then how closely their text matches the question",
    ),
  strategy: recommendStrategyOutput.describe(
    "The strategy to answer in, by Thompson sampling over the person's A/B trials in the category, as recommendStrategy gives it",
  ),
  draft: generateResponseOutput.describe("An answer drafted in that strategy from the best-fitting stories by the deterministic template composer"),
  evaluation: evaluateResponseOutput.describe("The draft scored by the rubric, as evaluateAnswer scores it"),
});
