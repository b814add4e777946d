import { recordPerformanceInput, recordPerformanceOutput } from "../contracts/progress.js";
import { ratingForScore, ratingName } from "../domain/scheduling.js";
import { CoachInputError } from "../errors.js";
import { checkCategoryMatches, findQuestionOrFail, findVariantOrFail } from "./lookups.js";
import { milestoneView } from "./milestone-view.js";
import { APPENDS, defineTool } from "./tool.js";

export const recordPerformance = defineTool({
  name: "record_performance",
  title: "Record a practice result",
  description:
    "Records one practised answer (accuracy and story coverage 0–1, satisfaction 1–5, response time in seconds, category). With a questionId it also reviews that question's FSRS card. Returns the record id and any milestones unlocked.",
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
    const { record, unlocked, card } = await context.store.recordPerformance(
      {
        recordedAt,
        category: input.category,
        questionId: question?.id ?? null,
        variantId: input.variantId ?? null,
        accuracy: input.accuracy,
        storyCoverage: input.storyCoverage,
        satisfaction: input.satisfaction,
        responseTime: input.responseTime,
      },
      now,
    );
    return {
      recordId: record.id,
      recordedAt: new Date(record.recordedAt).toISOString(),
      unlockedMilestones: unlocked.map(milestoneView),
      card: card ? { questionId: card.questionId, due: new Date(card.due).toISOString(), reps: card.reps, rating: ratingName(ratingForScore(card.lastScore ?? 0)) } : null,
    };
  },
});
