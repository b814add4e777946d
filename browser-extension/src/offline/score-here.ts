import type { ToolArgs, ToolResult } from "#contracts/tools.js";
import { evaluateAnswer } from "#domain/rubric/index.js";
import { load } from "../storage";
import { recall } from "./answer-cache";

/**
 * Scores an answer in the browser with the same rubric the server runs, from the twin's stories and the
 * question bank the coach last sent, so practice goes on offline with the score the server would give.
 */
export async function scoreHere(args: ToolArgs<"evaluate_response">): Promise<ToolResult<"evaluate_response">> {
  const stories = (await recall("get_star_stories", {}))?.result.stories;
  if (!stories)
    throw new Error("Your coach cannot be reached, and your stories have not been loaded in this browser yet, so the answer cannot be scored here.");
  const practised = await load("practice");
  const bank =
    practised?.question.id === args.questionId
      ? practised?.question
      : (await recall("list_questions", {}))?.result.questions.find((question) => question.id === args.questionId);
  if (args.questionId && !bank) throw new Error(`Your coach cannot be reached, and question "${args.questionId}" has not been loaded in this browser.`);
  const evaluation = evaluateAnswer({
    question: args.question,
    response: args.response,
    category: args.category ?? bank?.category,
    competencies: bank?.competencies,
    stories,
  });
  return { ...evaluation, judgedBy: "rubric" };
}
