import { exportDataOutput, noInput } from "../contracts/data.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const exportData = defineTool({
  name: "export_data",
  title: "Export all data",
  description: "Every stored practice record, A/B trial, practice card, milestone and the saved target role, plus the twin file's path, as JSON.",
  input: noInput,
  output: exportDataOutput,
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
