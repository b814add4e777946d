import type { CoachContext } from "../context.js";
import { composeAnswer, type Draft } from "../domain/composer.js";
import { inferCompetencies } from "../domain/competency-inference.js";
import type { Question } from "../domain/types.js";
import type { Category, Competency } from "../domain/vocabulary.js";
import { CoachInputError } from "../errors.js";
import { findVariantOrFail } from "./lookups.js";

/** The competencies a question probes: the bank's when it is a bank question, else inferred from its words. */
export function competenciesFor(question: string, bankQuestion: Question | null, category?: Category): Competency[] {
  return bankQuestion?.competencies.length ? [...bankQuestion.competencies] : inferCompetencies(question, category);
}

export function draftWithTemplate(
  context: CoachContext,
  input: { question: string; variantId: string; variantField: string; storyId?: string; context?: string; competencies: readonly Competency[] },
): Draft {
  const variant = findVariantOrFail(context, input.variantId, input.variantField);
  const stories = context.twin().stories;
  if (input.storyId !== undefined && !stories.some((s) => s.id === input.storyId)) {
    throw new CoachInputError("storyId", `unknown story "${input.storyId}"; known stories: ${stories.map((s) => s.id).join(", ")}`);
  }
  if (stories.length === 0) throw new CoachInputError("twin", "the twin has no stories yet; add one to the twin file to draft answers");
  return composeAnswer({ question: input.question, variant, stories, competencies: input.competencies, storyId: input.storyId, context: input.context });
}
