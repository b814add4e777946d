import type { PerformanceRecord } from "./performance.js";
import type { PracticeCard } from "./scheduling.js";
import type { Question } from "./types.js";
import { CATEGORIES, type Category } from "./vocabulary.js";

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
  reason: "due" | "weakest-category" | "new-category";
  card: PracticeCard | null;
  category: CategoryStanding;
}

/**
 * The next question: the most overdue card first; otherwise a question from the weakest
 * category of the last 30 days, one never practised before, else the one with the lowest last score.
 */
export function choosePractice(questions: readonly Question[], cards: readonly PracticeCard[], records: readonly PerformanceRecord[], now: number): PracticeChoice | null {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const standings = categoryStandings(recentRecords(records, now));
  for (const card of dueCards(cards, now)) {
    const question = byId.get(card.questionId);
    if (question) return { question, reason: "due", card, category: standings.find((s) => s.category === question.category)! };
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
  return candidates.find((q) => !cardOf.has(q.id)) ?? [...candidates].sort((a, b) => score(a) - score(b) || (cardOf.get(a.id)?.due ?? 0) - (cardOf.get(b.id)?.due ?? 0))[0];
}
