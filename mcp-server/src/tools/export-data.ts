import { z } from "zod";
import { defineTool, READ_ONLY } from "./tool.js";

export const exportData = defineTool({
  name: "export_data",
  title: "Export all data",
  description: "Every stored practice record, A/B trial, practice card, milestone and the saved target role, plus the twin file's path, as JSON.",
  input: z.strictObject({}),
  output: z.object({
    exportedAt: z.string(),
    twinFile: z.string(),
    performance: z.array(z.record(z.string(), z.unknown())),
    trials: z.array(z.record(z.string(), z.unknown())),
    practiceCards: z.array(z.record(z.string(), z.unknown())),
    milestones: z.array(z.record(z.string(), z.unknown())),
    targetRole: z.array(z.record(z.string(), z.unknown())),
  }),
  annotations: READ_ONLY,
  run: async (_input, context) => {
    const data = await context.store.exportAll();
    return {
      exportedAt: new Date(context.now()).toISOString(),
      twinFile: context.twinFile,
      performance: data.performance as Record<string, unknown>[],
      trials: data.trials as Record<string, unknown>[],
      practiceCards: data.practiceCards as Record<string, unknown>[],
      milestones: data.milestones as Record<string, unknown>[],
      targetRole: data.targetRole as Record<string, unknown>[],
    };
  },
});
