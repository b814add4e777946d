import { z } from "zod";
import { competencySchema, nonEmptyText } from "./common.js";

export const profileSchema = z.object({
  name: z.string(),
  headline: z.string(),
  targetRole: z.string(),
  targetCompanies: z.array(z.string()),
  yearsExperience: z.number().nullable(),
  location: z.string().nullable(),
  summary: z.string(),
  skills: z.array(z.string()),
  experience: z.array(z.object({ company: z.string(), role: z.string(), period: z.string(), highlights: z.array(z.string()) })),
});

export const storySchema = z.object({
  id: z.string(),
  title: z.string(),
  competencies: z.array(competencySchema),
  tags: z.array(z.string()),
  metrics: z.array(z.string()),
  situation: z.string(),
  task: z.string(),
  action: z.string(),
  result: z.string(),
  learnings: z.string().nullable(),
  line: z.number().int(),
});

export const getProfileOutput = z.object({ profile: profileSchema, storyCount: z.number().int(), twinFile: z.string() });

export const getStarStoriesInput = z.strictObject({
  competency: competencySchema.optional().describe("Only stories tagged with this competency"),
  tag: z.string().trim().min(1).max(60).optional().describe("Only stories with this free tag (case-insensitive)"),
});
export const getStarStoriesOutput = z.object({ stories: z.array(storySchema), total: z.number().int() });

export const searchExperienceInput = z.strictObject({
  query: nonEmptyText("what to search the stories for", 500),
  limit: z.number().int().min(1, { error: "must be at least 1" }).max(50, { error: "must be at most 50" }).default(5),
});
export const searchExperienceOutput = z.object({
  query: z.string(),
  results: z.array(
    z.object({
      storyId: z.string(),
      title: z.string(),
      score: z.number(),
      matchedTerms: z.array(z.string()),
      competencies: z.array(competencySchema),
      snippet: z.string(),
    }),
  ),
});

/** The largest twin file the server takes over HTTP: far more than a profile and fifty stories need. */
export const MAX_TWIN_CHARS = 200_000;

export const replaceTwinInput = z.strictObject({
  // Not trimmed: the file is stored as sent, its final newline too.
  markdown: z
    .string({ error: "must be text (the twin file)" })
    .max(MAX_TWIN_CHARS, { error: `must be at most ${MAX_TWIN_CHARS} characters` })
    .regex(/\S/, { error: "must not be empty (the twin file)" })
    .describe("The whole twin file: front matter for the profile, then one section per STAR story"),
});
export const replaceTwinOutput = z.object({
  name: z.string().describe("The profile's name, as the new file gives it"),
  storyCount: z.number().int(),
  previousStoryCount: z.number().int().nullable().describe("Stories in the file it replaced; null when that file did not parse"),
});
