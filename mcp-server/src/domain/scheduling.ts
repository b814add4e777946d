import type { Card, Grade } from "ts-fsrs";
import { lazy } from "./lazy.js";
import { bandOf, type Band } from "./rubric/index.js";

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use; see lazy.ts
const fsrsLibrary = lazy(() => require("ts-fsrs") as typeof import("ts-fsrs"));

/** A practised question's FSRS card, in plain JSON-friendly form. */
export interface PracticeCard {
  questionId: string;
  due: number;
  stability: number;
  difficulty: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: number | null;
  lastScore: number | null;
}

/** ts-fsrs grades: 1 Again, 2 Hard, 3 Good, 4 Easy. */
const RATING_BY_BAND: Record<Band, Grade> = { weak: 1, developing: 2, good: 3, strong: 4 };
const RATING_NAMES: Record<Grade, string> = { 1: "Again", 2: "Hard", 3: "Good", 4: "Easy" };

export function ratingName(grade: Grade): string {
  return RATING_NAMES[grade];
}

/** The rubric band of a 0–100 score decides the FSRS rating: weak Again, developing Hard, good Good, strong Easy. */
export function ratingForScore(score: number): Grade {
  return RATING_BY_BAND[bandOf(score)];
}

// Fuzz off: the same history must give the same schedule on every platform.
const scheduler = lazy(() => fsrsLibrary().fsrs({ enable_fuzz: false }));

function toFsrs(card: PracticeCard): Card {
  return {
    due: new Date(card.due),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsed_days: 0,
    scheduled_days: card.scheduledDays,
    learning_steps: card.learningSteps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    last_review: card.lastReview === null ? undefined : new Date(card.lastReview),
  };
}

function fromFsrs(questionId: string, card: Card, score: number): PracticeCard {
  return {
    questionId,
    due: card.due.getTime(),
    stability: card.stability,
    difficulty: card.difficulty,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.last_review ? card.last_review.getTime() : null,
    lastScore: score,
  };
}

/** Reviews a question's card (a new one when it was never practised) with the rating its score earns. */
export function reviewPractice(questionId: string, previous: PracticeCard | null, score: number, now: number): PracticeCard {
  const card = previous ? toFsrs(previous) : fsrsLibrary().createEmptyCard(new Date(now));
  const next = scheduler().next(card, new Date(now), ratingForScore(score));
  return fromFsrs(questionId, next.card, score);
}

/** One practised attempt at a question, as the schedule sees it: when it happened and its 0–100 score. */
export interface PracticeAttempt {
  at: number;
  score: number;
}

/**
 * A question's card from all its attempts, reviewed in the order they happened, each at its own
 * time: an attempt recorded later with an earlier timestamp (a backfill) takes its place in the
 * history instead of counting as a review made now.
 */
export function scheduleFromAttempts(questionId: string, attempts: readonly PracticeAttempt[]): PracticeCard | null {
  const ordered = [...attempts].sort((a, b) => a.at - b.at);
  let card: PracticeCard | null = null;
  for (const attempt of ordered) card = reviewPractice(questionId, card, attempt.score, attempt.at);
  return card;
}

export function isDue(card: PracticeCard, now: number): boolean {
  return card.due <= now;
}
