import { tellsEvents } from "./rubric/example-kind.js";
import { contentStems } from "./rubric/text.js";
import type { Story } from "./types.js";

/**
 * Whether an answer tells a story of the twin: recounts its event, not just shares its vocabulary.
 * The evidence is the story's own numbers (a rare number is hard to say by chance) and its
 * distinctive words (those few other stories use), and the answer must narrate something done.
 */
export interface RecognisedStory {
  storyId: string;
  title: string;
  /** Share of the story's distinctive words the answer uses, 0–1. */
  overlap: number;
  /** The story's numbers the answer repeats. */
  numbers: string[];
}

export interface AnswerEvidence {
  /** Content-word stems of the answer. */
  terms: ReadonlySet<string>;
  /** Normalised numbers in the answer. */
  numbers: ReadonlySet<string>;
  /** The answer recounts actions taken ("I traced…", "we moved…"), not only opinions, plans or what it would do. */
  narrates: boolean;
}

/** A number with the same or ten-times wording tells little; these are what an answer repeats on purpose. */
const NUMBER_WORDS: Record<string, number> = {
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  ninety: 90,
};

const UNITS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9 };
/** "forty", and "forty-five" as one number (45), never as forty. */
const NUMBER_WORD = new RegExp(`\\b(${Object.keys(NUMBER_WORDS).join("|")})(?:-(${Object.keys(UNITS).join("|")}))?\\b`, "gi");

/** Numbers as an answer might say them: "1,800", "15k", "0.2%", "seven". Small counts and years are too common to tell anything. */
export function numbersIn(text: string): Set<string> {
  const found = new Set<string>();
  for (const m of text.matchAll(/(\d[\d,]*(?:\.\d+)?)\s*(k\b|m\b|million\b|thousand\b)?/gi)) {
    let value = Number(m[1]!.replace(/,/g, ""));
    const unit = m[2]?.toLowerCase();
    if (unit === "k" || unit === "thousand") value *= 1_000;
    if (unit === "m" || unit === "million") value *= 1_000_000;
    if (Number.isFinite(value)) found.add(String(value));
  }
  for (const m of text.matchAll(NUMBER_WORD)) found.add(String(NUMBER_WORDS[m[1]!.toLowerCase()]! + (m[2] ? UNITS[m[2].toLowerCase()]! : 0)));
  for (const n of [...found]) {
    const value = Number(n);
    if ((Number.isInteger(value) && value <= 3) || (value >= 1990 && value <= 2035 && Number.isInteger(value))) found.delete(n);
  }
  return found;
}

/** The answer's evidence; pass its content stems when already computed (the rubric has them). */
export function answerEvidence(answer: string, terms: ReadonlySet<string> = contentStems(answer)): AnswerEvidence {
  return { terms, numbers: numbersIn(answer), narrates: tellsEvents(answer) };
}

interface StoryProfile {
  story: Story;
  distinctive: Set<string>;
  numbers: Set<string>;
}

const profileCache = new WeakMap<readonly Story[], StoryProfile[]>();

/** Each story's words used by at most one other story, and its numbers no other story has. */
function profiles(stories: readonly Story[]): StoryProfile[] {
  let cached = profileCache.get(stories);
  if (cached) return cached;
  const text = (s: Story) => [s.title, s.situation, s.task, s.action, s.result, s.metrics.join("; ")].join("\n");
  const terms = stories.map((s) => contentStems(text(s)));
  const numbers = stories.map((s) => numbersIn(text(s)));
  const frequency = new Map<string, number>();
  for (const set of terms) for (const t of set) frequency.set(t, (frequency.get(t) ?? 0) + 1);
  const numberFrequency = new Map<string, number>();
  for (const set of numbers) for (const n of set) numberFrequency.set(n, (numberFrequency.get(n) ?? 0) + 1);
  const limit = Math.max(2, Math.ceil(stories.length * 0.2));
  cached = stories.map((story, i) => ({
    story,
    distinctive: new Set([...terms[i]!].filter((t) => frequency.get(t)! <= limit)),
    numbers: new Set([...numbers[i]!].filter((n) => numberFrequency.get(n) === 1)),
  }));
  profileCache.set(stories, cached);
  return cached;
}

/** Distinctive words needed alongside one of the story's numbers, alongside two, and without any. */
export const WORDS_WITH_A_NUMBER = 3;
export const WORDS_WITH_TWO_NUMBERS = 1;
export const WORDS_WITHOUT_NUMBERS = 9;

/**
 * The stories an answer tells: it narrates, and it repeats one of the story's own numbers with at
 * least 3 of its distinctive words, or two of its numbers with at least one (two numbers and
 * nothing of the story's own words are a coincidence), or 9 of its distinctive words.
 */
export function recogniseStories(answer: string | AnswerEvidence, stories: readonly Story[]): RecognisedStory[] {
  const evidence = typeof answer === "string" ? answerEvidence(answer) : answer;
  if (!evidence.narrates) return [];
  const found: RecognisedStory[] = [];
  for (const { story, distinctive, numbers } of profiles(stories)) {
    const words = [...distinctive].filter((t) => evidence.terms.has(t)).length;
    const repeated = [...numbers].filter((n) => evidence.numbers.has(n));
    const tells =
      (repeated.length >= 1 && words >= WORDS_WITH_A_NUMBER) || (repeated.length >= 2 && words >= WORDS_WITH_TWO_NUMBERS) || words >= WORDS_WITHOUT_NUMBERS;
    if (!tells) continue;
    const overlap = distinctive.size === 0 ? 0 : Math.min(1, Math.round((words / Math.min(distinctive.size, 40)) * 100) / 100);
    found.push({ storyId: story.id, title: story.title, overlap, numbers: repeated });
  }
  return found.sort((a, b) => b.numbers.length - a.numbers.length || b.overlap - a.overlap);
}
