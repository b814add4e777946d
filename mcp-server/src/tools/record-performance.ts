import { recordPerformanceInput, recordPerformanceOutput } from "../contracts/progress.js";
import { ratingForScore, ratingName } from "../domain/scheduling.js";
import { overuseWarning, storyUse } from "../domain/story-use.js";
import { CoachInputError } from "../errors.js";
import { checkCategoryMatches, findQuestionOrFail, findVariantOrFail } from "./lookups.js";
import { milestoneView } from "./milestone-view.js";
import { APPENDS, defineTool } from "./tool.js";

export const recordPerformance = defineTool({
  name: "record_performance",
  title: "Record a practice result",
  description:
    "Records one practised answer (accuracy and story coverage 0–1, satisfaction 1–5, response time in seconds, category). With a questionId it also reviews that question's FSRS card. Returns the record id and any milestones unlocked. " +
    "judgedBy says who gave the accuracy; a model's grade given beside the rubric goes in modelJudge and is kept next to it, never in its place.",
  input: recordPerformanceInput,
  output: recordPerformanceOutput,
  annotations: APPENDS,
  run: async (input, context) => {
    const now = context.now();
    const recordedAt = input.timestamp ? Date.parse(input.timestamp) : now;
    if (recordedAt > now + 60_000) throw new CoachInputError("timestamp", "must not be in the future (backfilling past practice is allowed)");
    const question = findQuestionOrFail(context, input.questionId);
    checkCategoryMatches(question, input.category);
    if (input.variantId) findVariantOrFail(context, input.variantId, "variantId");
    const stories = context.twin().stories;
    const storyIds = [...new Set(input.storyIds ?? [])];
    storyIds.forEach((id, i) => {
      if (!stories.some((s) => s.id === id)) throw new CoachInputError(`storyIds.${i}`, `must be the id of a story in the twin; there is no "${id}"`);
    });
    const { record, judgedBy, records, unlocked, card } = await context.store.recordPerformance(
      {
        recordedAt,
        category: input.category,
        questionId: question?.id ?? null,
        variantId: input.variantId ?? null,
        accuracy: input.accuracy,
        storyCoverage: input.storyCoverage,
        satisfaction: input.satisfaction,
        responseTime: input.responseTime,
        judgedBy: input.judgedBy ?? "rubric",
        modelJudge: input.modelJudge ?? null,
        storyIds,
        attemptId: input.attemptId ?? null,
      },
      now,
    );
    // An attempt sent again answers with the first recording, as stored: its judge and its stories.
    const told = record.storyIds ?? [];
    return {
      recordId: record.id,
      judgedBy,
      storyWarnings: storyUse(records, stories)
        .filter((use) => use.overused && told.includes(use.storyId))
        .map((use) => ({ storyId: use.storyId, title: use.title, questions: use.questions, categories: use.categories, message: overuseWarning(use) })),
      recordedAt: new Date(record.recordedAt).toISOString(),
      unlockedMilestones: unlocked.map(milestoneView),
      card: card
        ? { questionId: card.questionId, due: new Date(card.due).toISOString(), reps: card.reps, rating: ratingName(ratingForScore(card.lastScore ?? 0)) }
        : null,
    };
  },
});
