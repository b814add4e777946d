import type { PerformanceRecord } from "./performance.js";
import type { PracticeCard } from "./scheduling.js";
import type { Question } from "./types.js";
import { CATEGORIES, type Category, type Competency } from "./vocabulary.js";

/** Standings and the weakest category look at the last 30 days, the monthly report's window. */
export const STANDING_WINDOW_MS = 30 * 86_400_000;

export function recentRecords(records: readonly PerformanceRecord[], now: number): PerformanceRecord[] {
  return records.filter((r) => r.recordedAt > now - STANDING_WINDOW_MS && r.recordedAt <= now);
}

export interface CategoryStanding {
  category: Category;
  attempts: number;
  accuracy: number | null;
}

/** Mean accuracy per category over the given records; categories never practised have null. */
export function categoryStandings(records: readonly PerformanceRecord[]): CategoryStanding[] {
  const sums = new Map<Category, { n: number; sum: number }>();
  for (const r of records) {
    const s = sums.get(r.category) ?? { n: 0, sum: 0 };
    s.n++;
    s.sum += r.accuracy;
    sums.set(r.category, s);
  }
  return CATEGORIES.map((category) => {
    const s = sums.get(category);
    return { category, attempts: s?.n ?? 0, accuracy: s ? s.sum / s.n : null };
  });
}

/** Never-practised categories first (bank order), then the lowest mean accuracy. */
export function weakestCategory(standings: readonly CategoryStanding[]): CategoryStanding {
  return [...standings].sort((a, b) => {
    if (a.accuracy === null || b.accuracy === null) return (a.accuracy === null ? 0 : 1) - (b.accuracy === null ? 0 : 1);
    return a.accuracy - b.accuracy || a.attempts - b.attempts;
  })[0]!;
}

export function dueCards(cards: readonly PracticeCard[], now: number): PracticeCard[] {
  return cards.filter((c) => c.due <= now).sort((a, b) => a.due - b.due || a.questionId.localeCompare(b.questionId));
}

export interface PracticeChoice {
  question: Question;
  reason: "due" | "weakest-category" | "new-category" | "target-role";
  /** For "target-role": the competency of the saved target role the question prepares. */
  competency?: Competency;
  card: PracticeCard | null;
  category: CategoryStanding;
}

/**
 * The next question: a due card first (the one on the target role's earliest-listed competency,
 * gaps first, when any is due; else the most overdue); then an unpractised question for the
 * target role's competencies, gaps first; otherwise a question from the weakest category of the
 * last 30 days, one never practised before, else the one with the lowest last score.
 */
export function choosePractice(
  questions: readonly Question[],
  cards: readonly PracticeCard[],
  records: readonly PerformanceRecord[],
  now: number,
  focus: readonly Competency[] = [],
): PracticeChoice | null {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const standings = categoryStandings(recentRecords(records, now));
  const standing = (q: Question) => standings.find((s) => s.category === q.category)!;
  // Where a question stands in the target role's competencies (gaps come first there); off the list last.
  const focusRank = (q: Question) => Math.min(...q.competencies.map((c) => (focus.includes(c) ? focus.indexOf(c) : focus.length)));
  // Due reviews come first; among them, the target role's, gaps first, then the most overdue (a stable sort keeps that order).
  const due = dueCards(cards, now).flatMap((card) => (byId.has(card.questionId) ? [{ card, question: byId.get(card.questionId)! }] : []));
  const first = [...due].sort((a, b) => focusRank(a.question) - focusRank(b.question))[0];
  if (first) return { question: first.question, reason: "due", card: first.card, category: standing(first.question) };
  // Then a question never practised for each competency of the target role, gaps first.
  const practised = new Set(cards.map((c) => c.questionId));
  for (const competency of focus) {
    const question =
      questions.find((q) => q.competencies[0] === competency && !practised.has(q.id)) ??
      questions.find((q) => q.competencies.includes(competency) && !practised.has(q.id));
    if (question) return { question, reason: "target-role", competency, card: null, category: standing(question) };
  }
  const weakest = weakestCategory(standings);
  const question = questionInCategory(questions, cards, weakest.category);
  if (!question) return null;
  return {
    question,
    reason: weakest.accuracy === null ? "new-category" : "weakest-category",
    card: cards.find((c) => c.questionId === question.id) ?? null,
    category: weakest,
  };
}

/** In one category: a question never practised (bank order), else the lowest last score. */
export function questionInCategory(questions: readonly Question[], cards: readonly PracticeCard[], category: Category): Question | undefined {
  const cardOf = new Map(cards.map((c) => [c.questionId, c]));
  const candidates = questions.filter((q) => q.category === category);
  const score = (q: Question) => cardOf.get(q.id)?.lastScore ?? 0;
  return (
    candidates.find((q) => !cardOf.has(q.id)) ??
    [...candidates].sort((a, b) => score(a) - score(b) || (cardOf.get(a.id)?.due ?? 0) - (cardOf.get(b.id)?.due ?? 0))[0]
  );
}
