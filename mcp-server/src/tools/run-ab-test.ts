import { createHash } from "node:crypto";
import { runAbTestInput, runAbTestOutput } from "../contracts/experiments.js";
import { outcomeByScore, verdict } from "../domain/experiments.js";
import { evaluateAnswer } from "../domain/rubric/index.js";
import { CoachInputError } from "../errors.js";
import { competenciesFor, draftWithTemplate } from "./drafting.js";
import { bankQuestion, checkCategoryMatches, findVariantOrFail } from "./lookups.js";
import { milestoneView } from "./milestone-view.js";
import { APPENDS, defineTool } from "./tool.js";

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

/** The head-to-head's identity: the question and both strategies' answers, in either orientation. */
function fingerprint(question: string, sides: { variantId: string; response: string }[]): string {
  const parts = sides.map((s) => `${s.variantId}\u0000${normalise(s.response)}`).sort();
  return createHash("sha256")
    .update([normalise(question), ...parts].join("\u0001"))
    .digest("hex");
}

export const runAbTest = defineTool({
  name: "run_ab_test",
  title: "Run an A/B trial of two strategies",
  description:
    "Answers one question with two strategies (drafted from the person's stories, or pre-drafted e.g. by an LLM), scores both with the rubric, records the trial " +
    "(won by the higher score, or by `preferred`, the person's pick), and returns both answers with the pair's tally, the exact Beta-posterior probability that the test strategy is better, " +
    "and the verdict: decided only when a mixture sequential test's evidence reaches 20, so it stays honest however often it is checked, with the always-valid p-value and the expected loss of picking the leader now.",
  input: runAbTestInput,
  output: runAbTestOutput,
  annotations: APPENDS,
  app: "abTrial",
  run: async (input, context) => {
    if (input.controlVariantId === input.testVariantId) throw new CoachInputError("testVariantId", "must differ from controlVariantId");
    findVariantOrFail(context, input.controlVariantId, "controlVariantId");
    findVariantOrFail(context, input.testVariantId, "testVariantId");
    // An id the bank does not know is the caller's own question, with the text it sent.
    const bank = bankQuestion(context, input.questionId);
    checkCategoryMatches(bank, input.category);
    const category = input.category ?? bank?.category ?? null;
    const competencies = competenciesFor(input.question, bank, category ?? undefined);
    const stories = context.twin().stories;
    const side = (variantId: string, provided: string | undefined, field: string) => {
      const draft = provided
        ? { response: provided, storyIds: [] as string[], source: input.responseSource ?? ("provided" as const) }
        : draftWithTemplate(context, { question: input.question, variantId, variantField: field, context: input.context, competencies });
      const evaluation = evaluateAnswer({ question: input.question, response: draft.response, category: category ?? undefined, competencies, stories });
      const storyIds = provided ? evaluation.recognisedStories.map((s) => s.storyId) : draft.storyIds;
      return { variantId, response: draft.response, source: draft.source, storyIds, evaluation };
    };
    const control = side(input.controlVariantId, input.controlResponse, "controlVariantId");
    const test = side(input.testVariantId, input.testResponse, "testVariantId");
    const outcome = input.preferred ?? outcomeByScore(control.evaluation.overall, test.evaluation.overall);
    const now = context.now();
    const { trial, trials, unlocked, repeat } = await context.store.recordTrial(
      {
        recordedAt: now,
        questionId: input.questionId ?? null,
        question: input.question,
        category,
        controlVariantId: control.variantId,
        testVariantId: test.variantId,
        controlScore: control.evaluation.overall,
        testScore: test.evaluation.overall,
        outcome,
        judgedBy: input.preferred ? "person" : "rubric",
        controlSource: control.source,
        testSource: test.source,
        controlStoryIds: control.storyIds,
        testStoryIds: test.storyIds,
        fingerprint: fingerprint(input.question, [control, test]),
      },
      now,
    );
    const result = verdict(trials, control.variantId, test.variantId);
    return {
      trialId: trial.id,
      question: input.question,
      questionId: trial.questionId,
      category,
      judgedBy: trial.judgedBy,
      outcome,
      countedAsNew: !repeat,
      control,
      test,
      ...result,
      unlockedMilestones: unlocked.map(milestoneView),
    };
  },
});
