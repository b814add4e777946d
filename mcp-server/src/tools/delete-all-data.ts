import { z } from "zod";
import { defineTool } from "./tool.js";

export const deleteAllData = defineTool({
  name: "delete_all_data",
  title: "Delete all practice data",
  description:
    'Permanently deletes every practice record, A/B trial, practice card, milestone and the saved target role. The twin file is left alone. Requires confirm: "DELETE"; export_data first to keep a copy.',
  input: z.strictObject({ confirm: z.literal("DELETE", { error: 'must be exactly "DELETE" to confirm permanent deletion' }) }),
  output: z.object({
    deleted: z.object({ performance: z.number().int(), trials: z.number().int(), practiceCards: z.number().int(), milestones: z.number().int(), targetRole: z.number().int() }),
  }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  run: async (_input, context) => ({ deleted: await context.store.deleteAll() }),
});
