import { z } from "zod";
import { CATEGORIES, COMPETENCIES } from "../domain/vocabulary.js";

// The extension and webviews reach the server only through contracts.
export { errorMessage } from "./plain.js";

export const categorySchema = z.enum(CATEGORIES, { error: `must be one of: ${CATEGORIES.join(", ")}` });
export type Category = z.output<typeof categorySchema>;
export const competencySchema = z.enum(COMPETENCIES, { error: `must be one of: ${COMPETENCIES.join(", ")}` });

export const nonEmptyText = (what: string, max: number) =>
  z
    .string({ error: `must be text (${what})` })
    .trim()
    .min(1, { error: `must not be empty (${what})` })
    .max(max, { error: `must be at most ${max} characters` });

export const variantIdSchema = z
  .string({ error: "must be a strategy id such as star-focused" })
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: "must be a strategy id: lower-case letters, digits and hyphens" });

export const priorityEnum = z.enum(["high", "medium", "low"]);
export const evidenceSchema = z.record(z.string(), z.union([z.number(), z.string(), z.null()]));
export const isoTimestamp = z.string().describe("ISO-8601 date and time");

export const milestoneSchema = z.object({
  id: z.string(),
  kind: z.enum(["practice", "accuracy", "categories", "story-coverage", "streak", "experiments"]),
  title: z.string(),
  description: z.string(),
  target: z.number(),
  window: z.number().int().optional(),
  current: z.number(),
  progress: z.number().min(0).max(1),
});
