import { practiceQuestionInput, practiceQuestionOutput } from "../contracts/practice.js";
import { inferCompetencies } from "../domain/competency-inference.js";
import { choosePractice, questionInCategory, type PracticeChoice } from "../domain/practice.js";
import { rankStoriesForQuestion } from "../domain/story-match.js";
import { CATEGORY_TITLES } from "../domain/vocabulary.js";
import { cardView, checkCategoryMatches, findQuestionOrFail } from "./lookups.js";
import { currentTargetRole } from "./target-role.js";
import { defineTool, READ_ONLY } from "./tool.js";

function explain(choice: PracticeChoice, now: number, practisedBefore: boolean, target: string | null): string {
  const title = CATEGORY_TITLES[choice.question.category];
  switch (choice.reason) {
    case "due": {
      const days = Math.floor((now - (choice.card?.due ?? now)) / 86_400_000);
      return `Due for review${days >= 1 ? ` (${days} day${days === 1 ? "" : "s"} overdue)` : ""}; last score ${choice.card?.lastScore ?? "none"}.`;
    }
    case "weakest-category":
      return `${title} is your weakest category over the last 30 days: mean accuracy ${Math.round((choice.category.accuracy ?? 0) * 100)}% over ${choice.category.attempts} attempts.`;
    case "new-category":
      return practisedBefore ? `You have not practised ${title} in the last 30 days.` : `Your first practice: a ${title} question.`;
    case "target-role":
      return `Prepares you for ${target ?? "your target role"}: it asks for ${choice.competency?.replace(/-/g, " ")}, and you have not practised a question on it yet.`;
  }
}

export const practiceQuestion = defineTool({
  name: "practice_question",
  title: "Next practice question",
  description:
    "The next question to practise: a due review first (FSRS schedule; among due ones, those the saved target role asks for, its gap competencies first, then the most overdue), then an unpractised question on the target role's competencies, gaps first, otherwise one from the weakest category; with the stories that fit it best.",
  input: practiceQuestionInput,
  output: practiceQuestionOutput,
  annotations: READ_ONLY,
  app: "practice",
  run: async ({ category, questionId }, context) => {
    const { records, cards } = await context.store.snapshot();
    const now = context.now();
    let reason: "due" | "weakest-category" | "new-category" | "chosen-category" | "chosen-question" | "target-role";
    let explanation: string;
    let question;
    const chosen = findQuestionOrFail(context, questionId);
    if (chosen) {
      checkCategoryMatches(chosen, category);
      question = chosen;
      reason = "chosen-question";
      explanation = `The ${CATEGORY_TITLES[chosen.category]} question you chose.`;
    } else if (category) {
      question = questionInCategory(context.questions, cards, category);
      reason = "chosen-category";
      explanation = `A ${CATEGORY_TITLES[category]} question you have practised least recently or scored lowest on.`;
    } else {
      const target = await currentTargetRole(context);
      const choice = choosePractice(context.questions, cards, records, now, target?.focusCompetencies ?? []);
      question = choice?.question;
      reason = choice?.reason ?? "new-category";
      const title = target ? [target.role, target.company].filter(Boolean).join(" at ") || "your target role" : null;
      explanation = choice ? explain(choice, now, records.length > 0, title) : "";
    }
    if (!question) throw new Error("The question bank is empty.");
    const picked = question;
    const stories = context.twin().stories;
    const competencies = picked.competencies.length ? picked.competencies : inferCompetencies(picked.text, picked.category);
    return {
      question: picked,
      reason,
      explanation,
      card: cardView(cards.find((c) => c.questionId === picked.id)),
      suggestedStoryIds: rankStoriesForQuestion(stories, picked.text, competencies)
        .slice(0, 3)
        .map((s) => s.id),
    };
  },
});
