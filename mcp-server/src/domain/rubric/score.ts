import type { Competency } from "../vocabulary.js";
import { COMPETENCY_LEXICON } from "./lexicon.js";
import type { Signals, StarElement } from "./signals.js";
import { clamp, contentStems, stem } from "./text.js";
import {
  CLARITY,
  FILLER,
  LENGTH,
  LENGTH_CAPS,
  OWN_ACTION_SCORES,
  OWNERSHIP,
  QUANTITY_SCORES,
  RELEVANCE,
  RESULT_NUMBER_BONUS,
  SITUATION_EARLY,
  SPECIFICITY,
  STAR_ELEMENT,
  STRUCTURE_WEIGHTS,
  TASK_IMPLIED_BY_SITUATION,
  TEAM_ONLY_ACTION,
} from "./tuning.js";

export const DIMENSIONS = ["structure", "relevance", "specificity", "ownership", "conciseness", "clarity"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Weights of the overall score; they sum to 1 and are documented in the README. */
export const DIMENSION_WEIGHTS: Record<Dimension, number> = {
  structure: 0.25,
  relevance: 0.2,
  specificity: 0.15,
  ownership: 0.15,
  conciseness: 0.1,
  clarity: 0.15,
};

export const SPEAKING_WORDS_PER_MINUTE = 150;

export type Band = "weak" | "developing" | "good" | "strong";

/** Where each band above weak begins: <40 weak, <60 developing, <75 good, else strong. */
export const BAND_FLOORS = { developing: 40, good: 60, strong: 75 } as const;

/** Bands used for feedback, the FSRS rating and the model judge's instructions. */
export function bandOf(overall: number): Band {
  if (overall < BAND_FLOORS.developing) return "weak";
  if (overall < BAND_FLOORS.good) return "developing";
  if (overall < BAND_FLOORS.strong) return "good";
  return "strong";
}

export type StarScores = Record<StarElement, number>;

export function scoreStar(signals: Signals): StarScores {
  const { star, sentences } = signals;
  const hits = (element: StarElement) => star[element].length;
  const situationEarly = star.situation.some((i) => i < Math.max(SITUATION_EARLY.withinSentences, sentences.length * SITUATION_EARLY.withinShare))
    ? SITUATION_EARLY.bonus
    : 0;
  const ownActionCount = signals.ownActions.length;
  const resultHasNumber = star.result.some((i) => {
    const s = sentences[i];
    return s !== undefined && signals.quantities.some((q) => q.index >= s.start && q.index < s.start + s.text.length);
  });
  const graded = (count: number, bonus: number) => (count === 0 ? 0 : clamp(STAR_ELEMENT.first + STAR_ELEMENT.perMore * (count - 1) + bonus));
  const action =
    ownActionCount > 0
      ? clamp(OWN_ACTION_SCORES[Math.min(OWN_ACTION_SCORES.length - 1, ownActionCount)] ?? 100)
      : signals.teamActions.length > 0
        ? TEAM_ONLY_ACTION
        : 0;
  return {
    situation: graded(hits("situation"), situationEarly),
    task: Math.max(graded(hits("task"), 0), hits("situation") > 0 ? TASK_IMPLIED_BY_SITUATION : 0),
    action,
    result: graded(hits("result"), resultHasNumber ? RESULT_NUMBER_BONUS : 0),
  };
}

function firstIndex(list: number[]): number {
  return list.length ? Math.min(...list) : Number.POSITIVE_INFINITY;
}

export function scoreStructure(signals: Signals, star: StarScores): number {
  const w = STRUCTURE_WEIGHTS;
  const base = w.situation * star.situation + w.task * star.task + w.action * star.action + w.result * star.result;
  const s = firstIndex(signals.star.situation);
  const a = firstIndex(signals.star.action);
  const r = Math.max(...signals.star.result, -1);
  const ordered = s <= a && a <= r && Number.isFinite(a);
  return clamp(Math.round(base * (ordered ? 1 : w.outOfOrder)));
}

const STEMMED_LEXICON = Object.fromEntries(Object.entries(COMPETENCY_LEXICON).map(([c, list]) => [c, [...new Set(list.map(stem))]])) as Record<
  Competency,
  string[]
>;

/**
 * How well the answer addresses what the question probes: an example of the kind asked for (a
 * failure, a conflict, a decision…) or, for other questions, the question's own topic; and the
 * vocabulary of the competencies it probes. Repeating the question's words earns nothing when a
 * kind of example is asked, and no example at all is capped elsewhere.
 */
export interface AskedFor {
  /** Whether the answer tells the kind of example asked for; null when the question asks for no particular kind. */
  kindShown: boolean | null;
  /** Whether the answer tells an example where one is asked for; null when the question asks for none. */
  exampleTold: boolean | null;
}

export function scoreRelevance(
  question: string,
  signals: Signals,
  competencies: readonly Competency[],
  asked: AskedFor = { kindShown: null, exampleTold: null },
): number {
  const questionTerms = contentStems(question);
  const answerStems = signals.stems;
  const overlap = questionTerms.size === 0 ? 0 : [...questionTerms].filter((t) => answerStems.has(t)).length / questionTerms.size;
  const topicFit = Math.min(1, overlap * RELEVANCE.topicGain);
  // Telling an example where one is asked is most of answering the ask; the question's own words add the rest.
  const askedFit =
    asked.kindShown !== null
      ? asked.kindShown
        ? 1
        : 0
      : asked.exampleTold
        ? RELEVANCE.exampleWithoutTopic + (1 - RELEVANCE.exampleWithoutTopic) * topicFit
        : topicFit;
  const lexicon = new Set(competencies.flatMap((c) => STEMMED_LEXICON[c]));
  const lexiconHits = [...lexicon].filter((t) => answerStems.has(t)).length;
  const competencyFit = lexicon.size === 0 ? askedFit : Math.min(1, lexiconHits / RELEVANCE.competencyTermsForFull);
  return clamp(Math.round(100 * (0.5 * askedFit + 0.5 * competencyFit)));
}

export function scoreSpecificity(signals: Signals): number {
  const q = signals.quantities.length;
  const quantityScore = QUANTITY_SCORES[Math.min(QUANTITY_SCORES.length - 1, q)] ?? 80;
  const S = SPECIFICITY;
  const named = Math.min(S.namedThingsMax, S.perNamedThing * signals.namedThings) + Math.min(S.detailsMax, S.perDetail * signals.details.length);
  const allowedVague = Math.ceil(signals.words.length / S.wordsPerAllowedVague);
  const vaguePenalty = S.perVagueWord * Math.max(0, signals.vague.length - allowedVague);
  return clamp(Math.round(quantityScore + named - vaguePenalty));
}

export function scoreOwnership(signals: Signals): number {
  const voices = signals.firstPerson + signals.teamVoice;
  const firstPersonRatio = voices === 0 ? 0 : signals.firstPerson / voices;
  const actions = Math.min(1, signals.ownActions.length / OWNERSHIP.actionsForFull);
  return clamp(Math.round(100 * (0.5 * firstPersonRatio + 0.5 * actions) - OWNERSHIP.perHypothetical * signals.hypotheticals.length));
}

/** Spoken answers land best at 150–350 words (one to two and a half minutes). */
export function lengthScore(wordCount: number): number {
  const L = LENGTH;
  // 10 up to tooShort, rising to 75 at short and 100 at idealFrom; falling to 60 at long, then 1 per 10 words, never under 20.
  if (wordCount <= L.tooShort) return 10;
  if (wordCount < L.short) return 10 + ((wordCount - L.tooShort) / (L.short - L.tooShort)) * 65;
  if (wordCount < L.idealFrom) return 75 + ((wordCount - L.short) / (L.idealFrom - L.short)) * 25;
  if (wordCount <= L.idealTo) return 100;
  if (wordCount <= L.long) return 100 - ((wordCount - L.idealTo) / (L.long - L.idealTo)) * 40;
  return Math.max(20, 60 - (wordCount - L.long) / 10);
}

export function scoreConciseness(signals: Signals): number {
  const fillerPenalty = Math.min(FILLER.maxPenalty, FILLER.perFiller * signals.fillers.length);
  return clamp(Math.round(lengthScore(signals.words.length) - fillerPenalty));
}

const SIGNPOSTS = /\b(first|firstly|then|next|after that|finally|as a result|because|so that|which meant|in the end)\b/gi;

export function scoreClarity(signals: Signals): number {
  const lengths = signals.sentences.map((s) => s.words.length);
  if (lengths.length === 0) return 0;
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  const C = CLARITY;
  const lengthPenalty =
    mean < C.shortSentence ? (C.shortSentence - mean) * C.perWordOutside : mean > C.longSentence ? (mean - C.longSentence) * C.perWordOutside : 0;
  const runOns = lengths.filter((n) => n > C.runOnWords).length * C.perRunOn;
  const fillerRate = signals.fillers.length / Math.max(1, signals.words.length);
  const fillerPenalty = fillerRate * 100 * C.fillerRateWeight;
  const signposts = Math.min(C.signpostsMax, C.perSignpost * (signals.text.match(SIGNPOSTS)?.length ?? 0));
  return clamp(Math.round(C.base + signposts - lengthPenalty - runOns - fillerPenalty));
}

/**
 * Too few words cannot carry a situation, actions and a measured result, however well chosen:
 * under 50 words an answer is capped at 39 (weak), under 70 at 59 (developing).
 */
export function lengthCap(wordCount: number): number {
  return LENGTH_CAPS.find(({ under }) => wordCount < under)?.cap ?? 100;
}

export const OPEN_QUESTION_WEIGHTS: Record<Dimension, number> = {
  structure: 0.1,
  relevance: 0.3,
  specificity: 0.2,
  ownership: 0.1,
  conciseness: 0.15,
  clarity: 0.15,
};

export function overallScore(dimensions: Record<Dimension, number>, weights: Record<Dimension, number> = DIMENSION_WEIGHTS): number {
  let total = 0;
  for (const d of DIMENSIONS) total += weights[d] * dimensions[d];
  return Math.round(total);
}
