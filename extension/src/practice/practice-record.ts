import type { Category } from "#contracts/common.js";
import type { ToolArgs } from "#contracts/tools.js";
import type { EvaluationView } from "./practice-feedback.js";

/** How the answer felt, asked after scoring: the same five choices wherever an answer is practised. */
export const SATISFACTION = [
  { label: "5 — felt natural and complete", value: 5 },
  { label: "4 — good, small stumbles", value: 4 },
  { label: "3 — okay", value: 3 },
  { label: "2 — struggled", value: 2 },
  { label: "1 — lost my way", value: 1 },
] as const;

export interface PracticeOutcome {
  evaluation: Pick<EvaluationView, "overall" | "recognisedStories">;
  satisfaction: number;
  responseTime: number;
  category: Category;
  questionId: string | null;
  modelJudge?: { judge: string; overall: number };
}

/** The record_performance arguments for one scored answer, so the editor and the chat record a practice alike. */
export function practiceRecord(outcome: PracticeOutcome): ToolArgs<"record_performance"> {
  const { evaluation } = outcome;
  return {
    accuracy: evaluation.overall / 100,
    storyCoverage: Math.max(0, ...evaluation.recognisedStories.map((s) => s.overlap)),
    satisfaction: outcome.satisfaction,
    responseTime: outcome.responseTime,
    category: outcome.category,
    ...(outcome.questionId === null ? {} : { questionId: outcome.questionId }),
    storyIds: evaluation.recognisedStories.map((s) => s.storyId),
    ...(outcome.modelJudge ? { modelJudge: outcome.modelJudge } : {}),
  };
}
