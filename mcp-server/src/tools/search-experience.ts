import { searchExperienceInput, searchExperienceOutput } from "../contracts/twin.js";
import { searchStories } from "../domain/story-match.js";
import { defineTool, READ_ONLY } from "./tool.js";

function snippet(text: string, terms: string[]): string {
  const lower = text.toLowerCase();
  const at = Math.max(0, Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0), text.length));
  const from = Math.max(0, at - 60);
  return `${from > 0 ? "…" : ""}${text.slice(from, from + 200).trim()}${from + 200 < text.length ? "…" : ""}`;
}

export const searchExperience = defineTool({
  name: "search_experience",
  title: "Search experience",
  description: "Ranked full-text search over the person's stories (title, competencies, tags, STAR text, metrics), with prefix and fuzzy matching.",
  input: searchExperienceInput,
  output: searchExperienceOutput,
  annotations: READ_ONLY,
  run: ({ query, limit }, context) => {
    const hits = searchStories(context.twin().stories, query, limit);
    return {
      query,
      results: hits.map(({ story, score, terms }) => ({
        storyId: story.id,
        title: story.title,
        score,
        matchedTerms: terms,
        competencies: story.competencies,
        snippet: snippet([story.situation, story.action, story.result].join(" "), terms),
      })),
    };
  },
});
