import { rankStoriesForQuestion } from "./story-match.js";
import { sentences, words, type Sentence } from "./rubric/text.js";
import type { Variant } from "./strategies.js";
import type { Story } from "./types.js";
import type { Competency } from "./vocabulary.js";

export interface DraftInput {
  question: string;
  variant: Variant;
  stories: readonly Story[];
  competencies: readonly Competency[];
  /** Put this story first instead of the best-ranked one. */
  storyId?: string;
  /** Extra words (company, role, focus) that steer which stories rank first. */
  context?: string;
}

export interface Draft {
  response: string;
  storyIds: string[];
  variantId: string;
  source: "template";
}

/** A story's parts are split into sentences once, not on every draft: the twin changes rarely. */
const sentenceCache = new Map<string, Sentence[]>();
function storySentences(text: string): Sentence[] {
  let split = sentenceCache.get(text);
  if (!split) {
    split = sentences(text);
    if (sentenceCache.size >= 1_024) sentenceCache.delete(sentenceCache.keys().next().value!);
    sentenceCache.set(text, split);
  }
  return split;
}

function first(text: string, count: number): string {
  return storySentences(text)
    .slice(0, count)
    .map((s) => s.text)
    .join(" ");
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Drops action sentences from the end until the answer fits the strategy's word budget. Parts are
 * joined by whitespace, which no word spans, so the answer's words are the frame's plus the sentences'.
 */
function fitActions(build: (action: string) => string, action: string, maxWords: number, minSentences: number): string {
  const all = storySentences(action);
  const frameWords = words(build("")).length;
  let total = frameWords + all.reduce((sum, s) => sum + s.words.length, 0);
  for (let n = all.length; n >= minSentences; n--) {
    if (total <= maxWords || n === minSentences)
      return build(
        all
          .slice(0, n)
          .map((s) => s.text)
          .join(" "),
      );
    total -= all[n - 1]!.words.length;
  }
  return build(
    all
      .slice(0, minSentences)
      .map((s) => s.text)
      .join(" "),
  );
}

function starFocused(story: Story, variant: Variant): string {
  return fitActions(
    (action) =>
      [`Situation: ${first(story.situation, 3)}`, `Task: ${first(story.task, 2)}`, `Action: ${action}`, `Result: ${first(story.result, 3)}`].join("\n\n"),
    story.action,
    variant.targetWords[1],
    2,
  );
}

function concise(story: Story, variant: Variant): string {
  return fitActions(
    (action) => [first(story.situation, 1), first(story.task, 1), action, first(story.result, 1)].join(" "),
    first(story.action, 2),
    variant.targetWords[1],
    1,
  );
}

function detailed(story: Story, variant: Variant): string {
  const metrics = story.metrics.length ? `In numbers: ${story.metrics.join("; ")}.` : "";
  const learnings = story.learnings ? `Looking back, ${lowerFirst(story.learnings)}` : "";
  return fitActions(
    (action) => [story.situation, story.task, action, `${story.result} ${metrics}`.trim(), learnings].filter(Boolean).join("\n\n"),
    story.action,
    variant.targetWords[1],
    3,
  );
}

function exampleDriven(primary: Story, secondary: Story | undefined, competencies: readonly Competency[], variant: Variant): string {
  const headline = primary.metrics[0] ? ` (${primary.metrics[0]})` : "";
  const claim = `The clearest example I have is ${lowerFirst(primary.title)}${headline}.`;
  const one = (action: string) => [claim, first(primary.situation, 1), action, first(primary.result, 2)].join(" ");
  const parts = [fitActions(one, primary.action, Math.round(variant.targetWords[1] * 0.65), 1)];
  if (secondary) {
    parts.push(`Another example is ${lowerFirst(secondary.title)}. ${first(secondary.action, 1)} ${first(secondary.result, 1)}`);
  }
  const focus = competencies
    .slice(0, 2)
    .map((c) => c.replace(/-/g, " "))
    .join(" and ");
  parts.push(`Both show how I approach ${focus || "this kind of situation"}: I act on it myself and measure the result.`);
  return parts.join("\n\n");
}

/** Composes an answer in a strategy's shape from the best-matching stories, deterministically. */
export function composeAnswer(input: DraftInput): Draft {
  const query = input.context ? `${input.question} ${input.context}` : input.question;
  let ranked = rankStoriesForQuestion(input.stories, query, input.competencies);
  if (input.storyId) {
    const chosen = input.stories.find((s) => s.id === input.storyId);
    if (chosen) ranked = [chosen, ...ranked.filter((s) => s.id !== chosen.id)];
  }
  const [primary, secondary] = ranked;
  if (!primary) throw new Error("The twin has no stories to draft from; add a story to the twin file first.");
  let response: string;
  let used = [primary];
  switch (input.variant.id) {
    case "concise":
      response = concise(primary, input.variant);
      break;
    case "detailed":
      response = detailed(primary, input.variant);
      break;
    case "example-driven":
      response = exampleDriven(primary, secondary, input.competencies, input.variant);
      if (secondary) used = [primary, secondary];
      break;
    default:
      response = starFocused(primary, input.variant);
  }
  return { response, storyIds: used.map((s) => s.id), variantId: input.variant.id, source: "template" };
}
