import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { CoachContext } from "../../context.js";
import { interviewPrepInput, interviewPrepOutput } from "../../contracts/interview-prep.js";
import { rankStoriesForQuestion } from "../../domain/story-match.js";
import { competenciesFor } from "../../tools/drafting.js";
import { evaluateResponse } from "../../tools/evaluate-response.js";
import { generateResponse } from "../../tools/generate-response.js";
import { recommendStrategy } from "../../tools/recommend-strategy.js";
import { principalOf } from "../auth/principal.js";
import { describeRoute } from "../openapi/index.js";
import { toolProblem } from "./tool-route.js";

/** As many stories as practice_question suggests for its question. */
const STORIES = 3;

/**
 * The tools a person would call one after another, in one answer: the strategy Thompson sampling
 * picks, a template draft in it, the rubric's score of that draft. Each is the tool's own result.
 */
async function prepare({ question, category }: z.output<typeof interviewPrepInput>, context: CoachContext): Promise<z.input<typeof interviewPrepOutput>> {
  const competencies = competenciesFor(question, null, category);
  const strategy = await recommendStrategy.run({ category }, context);
  const draft = await generateResponse.run({ question, variantId: strategy.variantId, category }, context);
  const evaluation = await evaluateResponse.run({ question, response: draft.response, category }, context);
  // The composer ranks the same way, so the draft tells the first of these.
  const stories = rankStoriesForQuestion(context.twin().stories, question, competencies)
    .slice(0, STORIES)
    .map((story) => ({
      storyId: story.id,
      title: story.title,
      competencies: story.competencies,
      sharedCompetencies: competencies.filter((c) => story.competencies.includes(c)),
    }));
  return { question, category: category ?? null, competencies, stories, strategy, draft, evaluation };
}

/** POST /api/chat/interview-prep: the first plan's contract, kept for the clients written against it. */
export function interviewPrepRoute(app: FastifyInstance): void {
  describeRoute(app, {
    method: "POST",
    path: "/api/chat/interview-prep",
    operationId: "startInterviewPrep",
    summary: "Prepare an answer to a question",
    description:
      "The twin's preparation for one question: the stories that fit best, the strategy Thompson sampling picks from the person's A/B trials in the category, an answer drafted in it (source: template) and the rubric's evaluation of that draft. Stores nothing.",
    tags: ["Answers"],
    scope: "memory:access",
    body: interviewPrepInput,
    response: interviewPrepOutput,
    responseDescription: "The stories, the strategy, the draft and its evaluation.",
    problems: [409, 503],
    handler: async ({ body, request }) => {
      try {
        return await prepare(body, app.coach.users.forUser(principalOf(request).userId));
      } catch (error) {
        throw toolProblem(error, [], Object.keys(interviewPrepInput.shape));
      }
    },
  });
}
