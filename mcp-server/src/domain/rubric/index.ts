import { inferCompetencies } from "../competency-inference.js";
import { answerEvidence, recogniseStories, type RecognisedStory } from "../story-recognition.js";
import type { Story } from "../types.js";
import type { Category, Competency } from "../vocabulary.js";
import { buildFeedback, type FeedbackLine } from "./feedback.js";
import {
  bandOf,
  type Band,
  DIMENSIONS,
  lengthCap,
  overallScore,
  OPEN_QUESTION_WEIGHTS,
  DIMENSION_WEIGHTS,
  scoreClarity,
  scoreConciseness,
  scoreOwnership,
  scoreRelevance,
  scoreSpecificity,
  scoreStar,
  scoreStructure,
  SPEAKING_WORDS_PER_MINUTE,
  type Dimension,
  type StarScores,
} from "./score.js";
import { askedKind, asksForExample, showsKind, tellsEvents, type ExampleKind } from "./example-kind.js";
import { extractSignals, type Signals, type StarElement } from "./signals.js";
import { gates } from "./gates.js";

export { DIMENSIONS, DIMENSION_WEIGHTS, OPEN_QUESTION_WEIGHTS, type Dimension } from "./score.js";
export type { FeedbackLine } from "./feedback.js";

export { bandOf, type Band } from "./score.js";

/** A sentence of the answer and the STAR parts it carries, as character offsets into the answer. */
export interface StarSpan {
  start: number;
  end: number;
  elements: StarElement[];
}

export interface Evaluation {
  overall: number;
  band: Band;
  dimensions: Record<Dimension, number>;
  star: StarScores;
  starSpans: StarSpan[];
  wordCount: number;
  speakingSeconds: number;
  fillerWords: { word: string; count: number }[];
  quantifiedResults: string[];
  hypotheticalPhrases: string[];
  competencies: Competency[];
  recognisedStories: RecognisedStory[];
  feedback: FeedbackLine[];
}

export interface EvaluationInput {
  question: string;
  response: string;
  category?: Category;
  /** The competencies the question probes; inferred from the question text when absent. */
  competencies?: readonly Competency[];
  stories?: readonly Story[];
}

function starSpans(signals: Signals): StarSpan[] {
  const order: StarElement[] = ["situation", "task", "action", "result"];
  return signals.sentences.flatMap((sentence, i) => {
    const elements = order.filter((element) => signals.star[element].includes(i));
    return elements.length ? [{ start: sentence.start, end: sentence.start + sentence.text.length, elements }] : [];
  });
}

export function evaluateAnswer(input: EvaluationInput): Evaluation {
  const signals = extractSignals(input.response);
  const competencies = input.competencies?.length ? [...input.competencies] : inferCompetencies(input.question, input.category);
  const star = scoreStar(signals);
  // Answering what was asked: the kind of example the question wants, and an example at all.
  const kind = askedKind(input.question);
  const wrongKind = kind !== null && !showsKind(input.response, kind);
  const wantsExample = asksForExample(input.question);
  const toldExample = tellsEvents(input.response);
  const noExample = wantsExample && !toldExample;
  const dimensions: Record<Dimension, number> = {
    structure: scoreStructure(signals, star),
    relevance: scoreRelevance(input.question, signals, competencies, {
      kindShown: kind === null ? null : !wrongKind,
      exampleTold: wantsExample ? toldExample : null,
    }),
    specificity: scoreSpecificity(signals),
    ownership: scoreOwnership(signals),
    conciseness: scoreConciseness(signals),
    clarity: scoreClarity(signals),
  };
  const gate = gates({ signals, asksForExample: wantsExample, toldExample, relevance: dimensions.relevance });
  const weighted = Math.max(overallScore(dimensions, weightsFor(input.question)), gate.floor);
  const overall = Math.min(weighted, lengthCap(signals.words.length), gate.cap, noExample ? NO_EXAMPLE_CAP : wrongKind ? WRONG_KIND_CAP : 100);
  const fillerCounts = new Map<string, number>();
  for (const f of signals.fillers) fillerCounts.set(f.phrase, (fillerCounts.get(f.phrase) ?? 0) + 1);
  return {
    overall,
    band: bandOf(overall),
    dimensions,
    star,
    starSpans: starSpans(signals),
    wordCount: signals.words.length,
    speakingSeconds: Math.round((signals.words.length / SPEAKING_WORDS_PER_MINUTE) * 60),
    fillerWords: [...fillerCounts].map(([word, count]) => ({ word, count })),
    quantifiedResults: signals.quantities.map((q) => q.phrase),
    hypotheticalPhrases: signals.hypotheticals.map((h) => h.phrase),
    competencies,
    recognisedStories: recogniseStories(answerEvidence(input.response, signals.contentTerms), input.stories ?? []),
    feedback: [...exampleFeedback(kind, wrongKind, noExample), ...gate.feedback, ...buildFeedback(signals, star, dimensions, competencies)],
  };
}

/** An answer that tells no example where one was asked is weak; the wrong kind of example is developing at most. */
export const NO_EXAMPLE_CAP = 39;
export const WRONG_KIND_CAP = 59;

const ASKED: Record<ExampleKind, string> = {
  failure: "a failure",
  conflict: "a conflict",
  persuasion: "persuading someone",
  learning: "learning something new",
  bug: "a bug or incident",
  decision: "a decision",
  fit: "why you fit this role",
};

const WANTED: Record<ExampleKind, string> = {
  failure: "something that went wrong, your part in it, and what you changed afterwards",
  conflict: "a real disagreement, how you handled it, and how it was resolved",
  persuasion: "someone who first disagreed, what you did to win them over, and what they agreed to",
  learning: "something you did not know, how you learned it, and what you then did with it",
  bug: "a fault you tracked down: what broke, how you found the cause, and the fix",
  decision: "a choice between real options, how you weighed them, and what you chose",
  fit: "something you have done that this role needs, told as it happened, and why this role is your next step",
};

function exampleFeedback(kind: ExampleKind | null, wrongKind: boolean, noExample: boolean): FeedbackLine[] {
  if (noExample) {
    return [
      {
        kind: "improve",
        dimension: "relevance",
        message:
          "The question asks for a real example: tell one thing that happened, what you did and how it ended, rather than how you would act or what you believe.",
        quote: null,
      },
    ];
  }
  if (wrongKind && kind) {
    const wanted = WANTED[kind];
    return [
      {
        kind: "improve",
        dimension: "relevance",
        message: `The question asks about ${ASKED[kind]}, and this answer tells none: choose an example with ${wanted}.`,
        quote: null,
      },
    ];
  }
  return [];
}

/** The overall's weights for a question: STAR structure counts less where no example is asked (why this role, how you would design). */
export function weightsFor(question: string): Record<Dimension, number> {
  return asksForExample(question) ? DIMENSION_WEIGHTS : OPEN_QUESTION_WEIGHTS;
}

export const RUBRIC_DIMENSIONS: readonly Dimension[] = DIMENSIONS;
