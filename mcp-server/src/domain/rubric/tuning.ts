/**
 * The rubric's tuning numbers, named. Each was set against the labelled answers in
 * test/fixtures/calibration (bands a careful interviewer gave); change one and the calibration
 * test says whether the bands still agree. Scores are 0–100.
 */

/** A STAR element told once scores `first`; each further mention adds `perMore`. */
export const STAR_ELEMENT = { first: 55, perMore: 15 } as const;
/** A scene set within the first third of the answer (or its first two sentences). */
export const SITUATION_EARLY = { bonus: 15, withinShare: 0.34, withinSentences: 2 } as const;
/** A scene often carries the task ("the release was six weeks late"): credit when no task is stated. */
export const TASK_IMPLIED_BY_SITUATION = 30;
/** The speaker's own actions, by count (0, 1, 2, 3, 4 or more); only the team's actions score `teamOnly`. */
export const OWN_ACTION_SCORES = [0, 55, 75, 90, 100] as const;
export const TEAM_ONLY_ACTION = 35;
/** A result carrying a number. */
export const RESULT_NUMBER_BONUS = 25;
/** How much each STAR element counts towards structure; told out of order keeps `outOfOrder` of it. */
export const STRUCTURE_WEIGHTS = { situation: 0.2, task: 0.2, action: 0.35, result: 0.25, outOfOrder: 0.85 } as const;

/** Relevance: sharing 40% of the question's content words counts as fully on topic (`topicGain` × overlap, capped at 1). */
export const RELEVANCE = { topicGain: 2.5, competencyTermsForFull: 4, exampleWithoutTopic: 0.5 } as const;

/** Specificity: quantities by count (0, 1, 2, 3 or more), named things and concrete details, less vague words beyond one per 50. */
export const QUANTITY_SCORES = [0, 45, 65, 80] as const;
export const SPECIFICITY = { perNamedThing: 5, namedThingsMax: 20, perDetail: 10, detailsMax: 30, wordsPerAllowedVague: 50, perVagueWord: 4 } as const;

/** Ownership: half the share of first-person voice, half the own actions (three for full marks), less each hypothetical. */
export const OWNERSHIP = { actionsForFull: 3, perHypothetical: 15 } as const;

/** Length in words for a spoken answer: 150–350 words is one to two and a half minutes. */
export const LENGTH = { tooShort: 30, short: 120, idealFrom: 150, idealTo: 350, long: 500 } as const;
/** Conciseness: each filler phrase costs `perFiller`, at most `maxPenalty`. */
export const FILLER = { perFiller: 3, maxPenalty: 40 } as const;

/** Clarity: start from `base`, signposts add, sentences outside 8–24 words, run-ons over 40 words and fillers take away. */
export const CLARITY = {
  base: 85,
  perSignpost: 5,
  signpostsMax: 15,
  shortSentence: 8,
  longSentence: 24,
  perWordOutside: 3,
  runOnWords: 40,
  perRunOn: 10,
  fillerRateWeight: 6,
} as const;

/** Too few words cannot carry a situation, actions and a measured result: caps by length. */
export const LENGTH_CAPS = [
  { under: 50, cap: 39 },
  { under: 70, cap: 59 },
] as const;
