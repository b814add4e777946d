import type { CoachContext } from "../context.js";
import { listQuestionsInput, listQuestionsOutput } from "../contracts/practice.js";
import { dueCards } from "../domain/practice.js";
import type { PracticeCard } from "../domain/scheduling.js";
import type { Question } from "../domain/types.js";
import { cardView } from "./lookups.js";
import { sharedAnswer } from "./shared-answer.js";
import { defineTool, READ_ONLY } from "./tool.js";

type Listing = ReturnType<typeof listing>;

/** A listing answers for every moment from the last card that fell due until the next one falls due. */
interface Kept {
  questions: readonly Question[];
  from: number;
  until: number;
  answer: Listing;
}

/** Listings by the store's card list they were made from (the same list while the cards are unchanged), then by filter. */
const kept = new WeakMap<readonly PracticeCard[], Map<string, Kept>>();

function listing(questions: readonly Question[], cards: readonly PracticeCard[], now: number, category: string | undefined, due: boolean | undefined) {
  const cardOf = new Map(cards.map((c) => [c.questionId, c]));
  const dueList = dueCards(cards, now);
  const inCategory = (id: string) => !category || questions.find((q) => q.id === id)?.category === category;
  const listed = due
    ? dueList.filter((c) => inCategory(c.questionId)).flatMap((c) => questions.filter((q) => q.id === c.questionId))
    : questions.filter((q) => !category || q.category === category);
  return {
    questions: listed.map((q) => ({ ...q, card: cardView(cardOf.get(q.id)) })),
    total: questions.length,
    dueCount: dueList.length,
  };
}

/** The listing of these cards for a filter, kept until a card falls due or the bank changes. */
function listingFor(cards: readonly PracticeCard[], context: CoachContext, category: string | undefined, due: boolean | undefined): Listing {
  const now = context.now();
  const byFilter = kept.get(cards) ?? new Map<string, Kept>();
  kept.set(cards, byFilter);
  const filter = `${category ?? ""} ${due === true}`;
  const known = byFilter.get(filter);
  if (known && known.questions === context.questions && known.from <= now && now < known.until) return known.answer;
  // Which cards are due changes only when now crosses a card's due time.
  let from = -Infinity;
  let until = Infinity;
  for (const { due: at } of cards) {
    if (at <= now) from = Math.max(from, at);
    else until = Math.min(until, at);
  }
  const answer = sharedAnswer(listing(context.questions, cards, now, category, due));
  byFilter.set(filter, { questions: context.questions, from, until, answer });
  return answer;
}

export const listQuestions = defineTool({
  name: "list_questions",
  title: "List questions",
  description:
    "Questions from the bank with their competencies and practice schedule; filter by category, or due: true for the practised questions now due for review (most overdue first).",
  input: listQuestionsInput,
  output: listQuestionsOutput,
  annotations: READ_ONLY,
  run: ({ category, due }, context) => {
    // A listing kept from the same cards is answered at once: the REST route serves it without a promise.
    const known = context.store.knownCards();
    if (known) return listingFor(known, context, category, due);
    return context.store.cards().then((cards) => listingFor(cards, context, category, due));
  },
});
