import { z } from "zod";
import { categorySchema, competencySchema, isoTimestamp, nonEmptyText } from "./common.js";

const jobInput = {
  jobDescription: nonEmptyText("the job description", 50_000).describe("The posting as text: responsibilities, requirements, nice-to-haves"),
  company: z.string().trim().max(200, { error: "must be at most 200 characters" }).optional(),
  role: z
    .string()
    .trim()
    .max(200, { error: "must be at most 200 characters" })
    .optional()
    .describe("The job title; its level (senior, staff…) counts as a requirement"),
};

export const analyzeJobFitInput = z.strictObject(jobInput);

const kind = z.enum(["skill", "competency", "seniority", "domain"]);
const importance = z.enum(["must", "nice"]);
const strength = z.enum(["strong", "partial", "none"]);

export const requirementSchema = z.object({
  id: z.string(),
  kind,
  name: z.string(),
  importance,
  quote: z.string().describe("The posting's own words that ask for it"),
  line: z.number().int(),
  years: z.number().optional(),
  competency: competencySchema.optional(),
  evidence: z.object({
    strength,
    reason: z.string(),
    storyIds: z.array(z.string()),
    closestStoryId: z.string().nullable().describe("With no story to show: the nearest story, to build on"),
  }),
});

export const gapSchema = z.object({
  requirementId: z.string(),
  name: z.string(),
  kind,
  importance,
  strength,
  prepare: z.string().describe("What to prepare: the story to write or the skill to learn or tell"),
  closestStoryId: z.string().nullable().describe("The nearest story to build on, or null"),
});

export const jobFitSchema = z.object({
  role: z.string().nullable(),
  company: z.string().nullable(),
  requirements: z.array(requirementSchema),
  fit: z.number().min(0).max(100).describe("Σ weight × credit / Σ weight: must 2, nice 1; strong 1, partial ½, none 0"),
  band: z.enum(["low", "partial", "good", "strong"]),
  explanation: z.string(),
  gaps: z.array(gapSchema),
  practice: z.array(
    z.object({
      question: z.string(),
      source: z.enum(["bank", "generated"]),
      questionId: z.string().nullable(),
      category: categorySchema.describe("The category the question is practised and recorded under"),
      lookFor: z.string(),
      requirementId: z.string(),
      forGap: z.boolean(),
    }),
  ),
  focusCompetencies: z.array(competencySchema),
});
export const analyzeJobFitOutput = jobFitSchema;

export const targetRoleSchema = jobFitSchema.extend({ savedAt: isoTimestamp });

/** Either a job description to analyse and save, or clear: true; the tool refuses both or neither. */
export const setTargetRoleInput = z.strictObject({
  ...jobInput,
  jobDescription: jobInput.jobDescription.optional(),
  clear: z.literal(true, { error: "must be true" }).optional().describe("Removes the target role"),
});
export const setTargetRoleOutput = z.object({ target: targetRoleSchema.nullable() });

export const getTargetRoleInput = z.strictObject({});
export const getTargetRoleOutput = z.object({ target: targetRoleSchema.nullable() });
