import type MiniSearch from "minisearch";
import { lazy } from "./lazy.js";
import type { Story } from "./types.js";
import type { Competency } from "./vocabulary.js";

const MiniSearchClass = lazy(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use; see lazy.ts
  const loaded = require("minisearch") as typeof MiniSearch | { default: typeof MiniSearch };
  return "default" in loaded ? loaded.default : loaded;
});

const indexCache = new WeakMap<readonly Story[], MiniSearch<Story>>();

export function storyIndex(stories: readonly Story[]): MiniSearch<Story> {
  let index = indexCache.get(stories);
  if (!index) {
    const MiniSearchImpl = MiniSearchClass();
    index = new MiniSearchImpl<Story>({
      fields: ["title", "competencyText", "tagText", "situation", "task", "action", "result", "metricText"],
      storeFields: ["id"],
      extractField: (story, field) => {
        if (field === "competencyText") return story.competencies.join(" ").replace(/-/g, " ");
        if (field === "tagText") return story.tags.join(" ");
        if (field === "metricText") return story.metrics.join(" ");
        const value = story[field as keyof Story];
        return typeof value === "string" ? value : "";
      },
      searchOptions: {
        boost: { title: 3, competencyText: 2, tagText: 2, metricText: 1.5 },
        prefix: true,
        fuzzy: 0.15,
      },
    });
    index.addAll(stories);
    indexCache.set(stories, index);
  }
  return index;
}

export interface SearchHit {
  story: Story;
  score: number;
  terms: string[];
}

export function searchStories(stories: readonly Story[], query: string, limit = 10): SearchHit[] {
  const byId = new Map(stories.map((s) => [s.id, s]));
  return storyIndex(stories)
    .search(query, { combineWith: "OR" })
    .slice(0, limit)
    .flatMap((hit) => {
      const story = byId.get(String(hit.id));
      return story ? [{ story, score: Math.round(hit.score * 1000) / 1000, terms: hit.terms }] : [];
    });
}

/**
 * Stories ranked for a question: competency overlap first (the question's main competency
 * counts double), then full-text relevance to the question as the tie-breaker.
 */
const rankCache = new WeakMap<readonly Story[], Map<string, Story[]>>();

export function rankStoriesForQuestion(stories: readonly Story[], question: string, competencies: readonly Competency[]): Story[] {
  // Both sides of an A/B trial, and repeated practice, rank the same question: remember the last few.
  let cache = rankCache.get(stories);
  if (!cache) rankCache.set(stories, (cache = new Map()));
  const key = `${competencies.join(",")}|${question}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const ranked = rankUncached(stories, question, competencies);
  if (cache.size >= 256) cache.delete(cache.keys().next().value!);
  cache.set(key, ranked);
  return ranked;
}

function rankUncached(stories: readonly Story[], question: string, competencies: readonly Competency[]): Story[] {
  const text = new Map(searchStories(stories, question, stories.length).map((h) => [h.story.id, h.score]));
  const maxText = Math.max(1, ...text.values());
  const scored = stories.map((story, position) => {
    const competencyScore = competencies.reduce((sum, c, i) => sum + (story.competencies.includes(c) ? (i === 0 ? 2 : 1) : 0), 0);
    return { story, position, score: competencyScore + (text.get(story.id) ?? 0) / maxText };
  });
  return scored.sort((a, b) => b.score - a.score || a.position - b.position).map((s) => s.story);
}
