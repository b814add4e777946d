import { evaluateResponseInput, evaluateResponseOutput } from "../contracts/answers.js";
import { evaluateAnswer } from "../domain/rubric/index.js";
import { competenciesFor } from "./drafting.js";
import { checkCategoryMatches, findQuestionOrFail } from "./lookups.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const evaluateResponse = defineTool({
  name: "evaluate_response",
  title: "Score an answer",
  description:
    "Scores an answer with the explainable rubric: overall 0–100, six dimensions, a score per STAR part, length, fillers, measured results, recognised stories, and feedback lines quoting the answer.",
  input: evaluateResponseInput,
  output: evaluateResponseOutput,
  annotations: READ_ONLY,
  run: ({ question, response, category, questionId }, context) => {
    const bank = findQuestionOrFail(context, questionId);
    checkCategoryMatches(bank, category);
    return evaluateAnswer({
      question,
      response,
      category: category ?? bank?.category,
      competencies: competenciesFor(question, bank, category),
      stories: context.twin().stories,
    });
  },
});
