import { generateResponseInput, generateResponseOutput } from "../contracts/answers.js";
import { competenciesFor, draftWithTemplate } from "./drafting.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const generateResponse = defineTool({
  name: "generate_response",
  title: "Draft an answer",
  description:
    "Drafts an answer to a question in one strategy's shape from the person's best-matching stories, deterministically (source: template). No LLM is used.",
  input: generateResponseInput,
  output: generateResponseOutput,
  annotations: READ_ONLY,
  run: ({ question, variantId, storyId, context: steer, category }, context) =>
    draftWithTemplate(context, {
      question,
      variantId,
      variantField: "variantId",
      storyId,
      context: steer,
      competencies: competenciesFor(question, null, category),
    }),
});
