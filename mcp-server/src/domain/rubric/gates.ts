/**
 * The bands an interviewer reasons in, applied on top of the weighted dimensions: what an answer
 * must have to reach a band (a strong answer stands on a measured result; the speaker's own part
 * must be told) and what keeps a real, on-topic example out of the weak band.
 */
import type { FeedbackLine } from "./feedback.js";
import type { Signals } from "./signals.js";

/** Without a measured result an answer is good at most; without the speaker's own actions, or blaming others, developing at most. */
export const UNMEASURED_CAP = 74;
export const NO_OWN_PART_CAP = 59;
export const BLAME_CAP = 59;
/** A real example on the question's topic, long enough to tell and not lost in filler, is not weak. */
export const TOLD_EXAMPLE_FLOOR = 40;

const TIME_UNIT = /^(?:\S+\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?)$/i;
// "for two weeks", "a few months later": when something happened, not how much changed.
const TIME_FRAME_BEFORE =
  /\b(?:for|after|within|in|over|during|next|first|last|those|that|these|the|every|each)\s+(?:about\s+|around\s+|nearly\s+|almost\s+)?$/i;
const TIME_FRAME_AFTER = /^\s+(?:later|ago|before|after|of|into|in)\b/i;

/** Quantities in the answer that measure an outcome rather than date it. */
export function measures(signals: Signals): Signals["quantities"] {
  return signals.quantities.filter((q) => {
    if (!TIME_UNIT.test(q.phrase)) return true;
    const before = signals.text.slice(Math.max(0, q.index - 20), q.index);
    const after = signals.text.slice(q.index + q.phrase.length, q.index + q.phrase.length + 8);
    return !TIME_FRAME_BEFORE.test(before) && !TIME_FRAME_AFTER.test(after);
  });
}

/**
 * A measured result: a measure told from the speaker's first action on (what they found, did and
 * changed), not only in the scene-setting; for questions that ask for no example, a measure anywhere.
 */
export function hasMeasuredResult(signals: Signals, asksForExample: boolean): boolean {
  const found = measures(signals);
  if (!asksForExample) return found.length >= 1;
  const firstAction = Math.min(...signals.star.action, ...signals.star.result);
  const from = signals.sentences[firstAction]?.start;
  return from !== undefined && found.some((q) => q.index >= from);
}

const BLAME =
  /\b(?:(?:his|her|their|management's) fault|the main reason was that|nobody (?:really )?(?:listened|cared)|(?:he|she|they) (?:didn't really listen|never listened|kept changing|often made)|as i expected|without understanding)\b/gi;

/** Phrases that put what went wrong on other people. */
export function blamePhrases(text: string): string[] {
  return [...text.matchAll(BLAME)].map((m) => m[0]);
}

export interface Gates {
  cap: number;
  floor: number;
  feedback: FeedbackLine[];
}

export interface GateInput {
  signals: Signals;
  asksForExample: boolean;
  toldExample: boolean;
  relevance: number;
}

export function gates({ signals, asksForExample, toldExample, relevance }: GateInput): Gates {
  const feedback: FeedbackLine[] = [];
  let cap = 100;
  if (!hasMeasuredResult(signals, asksForExample)) {
    cap = UNMEASURED_CAP;
  }
  if (toldExample && signals.ownActions.length === 0 && signals.teamVoice > signals.firstPerson) {
    cap = Math.min(cap, NO_OWN_PART_CAP);
  }
  const blame = blamePhrases(signals.text);
  if (blame.length >= 2) {
    cap = Math.min(cap, BLAME_CAP);
    feedback.push({
      kind: "improve",
      dimension: "ownership",
      message: "The answer puts what went wrong on other people. Say what your part was and what you would do differently; interviewers listen for that.",
      quote: blame[0] ?? null,
    });
  }
  const fillerRate = signals.fillers.length / Math.max(1, signals.words.length);
  const floor = toldExample && relevance >= 50 && signals.words.length >= 70 && fillerRate < 0.04 ? TOLD_EXAMPLE_FLOOR : 0;
  return { cap, floor, feedback };
}
