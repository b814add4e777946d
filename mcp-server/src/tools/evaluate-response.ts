import { evaluateResponseInput, evaluateResponseOutput } from "../contracts/answers.js";
import { judgeWithModel } from "../contracts/model-judge.js";
import { evaluateAnswer } from "../domain/rubric/index.js";
import { competenciesFor } from "./drafting.js";
import { checkCategoryMatches, findQuestionOrFail } from "./lookups.js";
import { defineTool, READ_ONLY } from "./tool.js";

/** Enough for six short grades with their quotes and reasons. */
const JUDGE_MAX_TOKENS = 1_200;

export const evaluateResponse = defineTool({
  name: "evaluate_response",
  title: "Score an answer",
  description:
    "Scores an answer with the explainable rubric: overall 0–100, six dimensions, a score per STAR part, length, fillers, measured results, recognised stories, and feedback lines quoting the answer. " +
    "With modelJudge, the client's language model (MCP sampling, when offered) grades the same dimensions beside the rubric, quoting the answer; the rubric's score stays the one to record.",
  input: evaluateResponseInput,
  output: evaluateResponseOutput,
  annotations: READ_ONLY,
  app: "practice",
  run: async ({ question, response, category, questionId, modelJudge }, context, call) => {
    const bank = findQuestionOrFail(context, questionId);
    checkCategoryMatches(bank, category);
    const evaluation = evaluateAnswer({
      question,
      response,
      category: category ?? bank?.category,
      competencies: competenciesFor(question, bank, category),
      stories: context.twin().stories,
    });
    if (!modelJudge) return { ...evaluation, judgedBy: "rubric" as const };
    const sample = call?.sample;
    const ask = sample ? (prompt: { system: string; user: string }) => sample({ ...prompt, maxTokens: JUDGE_MAX_TOKENS }) : null;
    const modelJudgement = await judgeWithModel(
      ask,
      { question, answer: response, competencies: evaluation.competencies, rubricOverall: evaluation.overall },
      "This client does not offer MCP sampling, so no model can grade beside the rubric.",
    );
    return { ...evaluation, judgedBy: "rubric" as const, modelJudgement };
  },
});
