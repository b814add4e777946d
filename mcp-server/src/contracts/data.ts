import { z } from "zod";

/** A tool that takes no arguments still refuses unknown ones. */
export const noInput = z.strictObject({});

const rows = z.array(z.record(z.string(), z.unknown()));

export const exportDataOutput = z.object({
  exportedAt: z.string(),
  twinFile: z.string(),
  performance: rows,
  trials: rows,
  practiceCards: rows,
  milestones: rows,
  targetRole: rows,
});

export const deleteAllDataInput = z.strictObject({ confirm: z.literal("DELETE", { error: 'must be exactly "DELETE" to confirm permanent deletion' }) });

export const deleteAllDataOutput = z.object({
  deleted: z.object({
    performance: z.number().int(),
    trials: z.number().int(),
    practiceCards: z.number().int(),
    milestones: z.number().int(),
    targetRole: z.number().int(),
  }),
});
