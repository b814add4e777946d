import { getStarStoriesInput, getStarStoriesOutput } from "../contracts/twin.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const getStarStories = defineTool({
  name: "get_star_stories",
  title: "Get STAR stories",
  description: "The person's STAR stories (situation, task, action, result), optionally only those with a competency or a tag.",
  input: getStarStoriesInput,
  output: getStarStoriesOutput,
  annotations: READ_ONLY,
  run: ({ competency, tag }, context) => {
    const all = context.twin().stories;
    const wanted = tag?.toLowerCase();
    const stories = all.filter((s) => (!competency || s.competencies.includes(competency)) && (!wanted || s.tags.includes(wanted)));
    return { stories, total: all.length };
  },
});
