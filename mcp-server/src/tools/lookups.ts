import type { CoachContext } from "../context.js";
import type { PracticeCard } from "../domain/scheduling.js";
import type { Variant } from "../domain/strategies.js";
import type { Question } from "../domain/types.js";
import { CoachInputError } from "../errors.js";

export function findVariantOrFail(context: CoachContext, id: string, field: string): Variant {
  const variant = context.variants.find((v) => v.id === id);
  if (!variant) throw new CoachInputError(field, `unknown strategy "${id}"; known strategies: ${context.variants.map((v) => v.id).join(", ")}`);
  return variant;
}

export function findQuestionOrFail(context: CoachContext, id: string | undefined, field = "questionId"): Question | null {
  if (id === undefined) return null;
  const question = context.questions.find((q) => q.id === id);
  if (!question) throw new CoachInputError(field, `unknown question id "${id}"; list_questions shows the ids in the bank`);
  return question;
}

/** The bank question with this id, or null: an id the bank does not know names a question the caller brings. */
export function bankQuestion(context: CoachContext, id: string | undefined): Question | null {
  return id === undefined ? null : (context.questions.find((q) => q.id === id) ?? null);
}

/** A bank question fixes the category its practice counts under; a different one is a mistake. */
export function checkCategoryMatches(question: Question | null, category: string | undefined): void {
  if (question && category !== undefined && category !== question.category) {
    throw new CoachInputError("category", `must be "${question.category}" for question "${question.id}" (or omitted where optional), got "${category}"`);
  }
}

export function cardView(card: PracticeCard | null | undefined) {
  if (!card) return null;
  return {
    due: new Date(card.due).toISOString(),
    reps: card.reps,
    lapses: card.lapses,
    stability: Math.round(card.stability * 1000) / 1000,
    difficulty: Math.round(card.difficulty * 1000) / 1000,
    lastScore: card.lastScore,
    lastReview: card.lastReview === null ? null : new Date(card.lastReview).toISOString(),
  };
}
