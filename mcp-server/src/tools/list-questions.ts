import { listQuestionsInput, listQuestionsOutput } from "../contracts/practice.js";
import { dueCards } from "../domain/practice.js";
import { cardView } from "./lookups.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const listQuestions = defineTool({
  name: "list_questions",
  title: "List questions",
  description: "Questions from the bank with their competencies and practice schedule; filter by category, or due: true for the practised questions now due for review (most overdue first).",
  input: listQuestionsInput,
  output: listQuestionsOutput,
  annotations: READ_ONLY,
  run: async ({ category, due }, context) => {
    const cards = await context.store.cards();
    const now = context.now();
    const cardOf = new Map(cards.map((c) => [c.questionId, c]));
    const dueList = dueCards(cards, now);
    const inCategory = (id: string) => !category || context.questions.find((q) => q.id === id)?.category === category;
    const questions = due
      ? dueList.filter((c) => inCategory(c.questionId)).flatMap((c) => context.questions.filter((q) => q.id === c.questionId))
      : context.questions.filter((q) => !category || q.category === category);
    return {
      questions: questions.map((q) => ({ ...q, card: cardView(cardOf.get(q.id)) })),
      total: context.questions.length,
      dueCount: dueList.length,
    };
  },
});
