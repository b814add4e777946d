import { noInput } from "../contracts/data.js";
import { listVariantsOutput } from "../contracts/answers.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const listVariants = defineTool({
  name: "list_variants",
  title: "List answer strategies",
  description: "The answer strategies (A/B variants) with what each does and the prompt an LLM should follow to draft in it.",
  input: noInput,
  output: listVariantsOutput,
  annotations: READ_ONLY,
  run: (_input, context) => ({ variants: context.variants.map((v) => ({ ...v, targetWords: [...v.targetWords] as [number, number] })) }),
});
