import { deleteAllDataInput, deleteAllDataOutput } from "../contracts/data.js";
import { defineTool } from "./tool.js";

export const deleteAllData = defineTool({
  name: "delete_all_data",
  title: "Delete all practice data",
  description:
    'Permanently deletes every practice record, A/B trial, practice card, milestone and the saved target role. The twin file is left alone. Requires confirm: "DELETE"; export_data first to keep a copy.',
  input: deleteAllDataInput,
  output: deleteAllDataOutput,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  run: async (_input, context) => ({ deleted: await context.store.deleteAll() }),
});
