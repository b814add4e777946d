import type { PerformanceRecord } from "./performance.js";
import type { Story } from "./types.js";
import { CATEGORY_TITLES, type Category } from "./vocabulary.js";
import { CATEGORY_COMPETENCY } from "./competency-inference.js";

/**
 * A story told in answers to this many different questions, across this many categories, is
 * carrying too much: an interviewer who hears it twice in a loop stops counting it as evidence.
 */
export const OVERUSED_QUESTIONS = 5;
export const OVERUSED_CATEGORIES = 3;

export interface StoryUse {
  storyId: string;
  title: string;
  /** Different questions (bank ids, or each unbanked answer on its own) the story was told in. */
  questions: number;
  categories: Category[];
  /** Categories it answered whose competency the story is not tagged with: where another story is needed. */
  stretchedTo: Category[];
  overused: boolean;
}

/** How often each story was told in practice, by distinct question and category; most used first. */
export function storyUse(records: readonly PerformanceRecord[], stories: readonly Story[]): StoryUse[] {
  const byId = new Map(stories.map((s) => [s.id, s]));
  const uses = new Map<string, { questions: Set<string>; categories: Set<Category> }>();
  for (const record of records) {
    for (const storyId of record.storyIds ?? []) {
      if (!byId.has(storyId)) continue;
      let use = uses.get(storyId);
      if (!use) uses.set(storyId, (use = { questions: new Set(), categories: new Set() }));
      use.questions.add(record.questionId ?? `answer:${record.id}`);
      use.categories.add(record.category);
    }
  }
  return [...uses.entries()]
    .map(([storyId, use]) => {
      const story = byId.get(storyId)!;
      const categories = [...use.categories].sort();
      return {
        storyId,
        title: story.title,
        questions: use.questions.size,
        categories,
        stretchedTo: categories.filter((c) => !story.competencies.includes(CATEGORY_COMPETENCY[c])),
        overused: use.questions.size >= OVERUSED_QUESTIONS && categories.length >= OVERUSED_CATEGORIES,
      };
    })
    .sort((a, b) => b.questions - a.questions || a.storyId.localeCompare(b.storyId));
}

const list = new Intl.ListFormat("en", { style: "long", type: "conjunction" });

/** One line a person can act on: the story, how far it is stretched, and what to prepare instead. */
export function overuseWarning(use: StoryUse): string {
  const where = use.categories.map((c) => CATEGORY_TITLES[c]).join(", ");
  const instead = use.stretchedTo.length
    ? ` Prepare another story for ${list.format(use.stretchedTo.map((c) => CATEGORY_TITLES[c]))}, where it is not tagged.`
    : " Prepare a second story for some of these questions.";
  return `"${use.title}" answered ${use.questions} different questions across ${use.categories.length} categories (${where}).${instead}`;
}
