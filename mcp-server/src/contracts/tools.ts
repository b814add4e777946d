/**
 * Every tool's input and output schema by the tool's name: the extension types its calls from this
 * map (type-only, so nothing here is bundled into it), and a test holds the tools to it.
 */
import type { z } from "zod";
import { evaluateResponseInput, evaluateResponseOutput, generateResponseInput, generateResponseOutput, listVariantsOutput } from "./answers.js";
import { deleteAllDataInput, deleteAllDataOutput, exportDataOutput, noInput } from "./data.js";
import {
  getVariantPerformanceInput,
  getVariantPerformanceOutput,
  recommendStrategyInput,
  recommendStrategyOutput,
  runAbTestInput,
  runAbTestOutput,
} from "./experiments.js";
import { analyzeJobFitInput, analyzeJobFitOutput, getTargetRoleInput, getTargetRoleOutput, setTargetRoleInput, setTargetRoleOutput } from "./job-fit.js";
import { listQuestionsInput, listQuestionsOutput, practiceQuestionInput, practiceQuestionOutput } from "./practice.js";
import {
  getAnalyticsReportInput,
  getAnalyticsReportOutput,
  getNextMilestonesInput,
  getNextMilestonesOutput,
  getRecommendationsInput,
  getRecommendationsOutput,
  recordPerformanceInput,
  recordPerformanceOutput,
} from "./progress.js";
import { getProfileOutput, getStarStoriesInput, getStarStoriesOutput, searchExperienceInput, searchExperienceOutput } from "./twin.js";

export const TOOL_CONTRACTS = {
  get_profile: { input: noInput, output: getProfileOutput },
  get_star_stories: { input: getStarStoriesInput, output: getStarStoriesOutput },
  search_experience: { input: searchExperienceInput, output: searchExperienceOutput },
  list_questions: { input: listQuestionsInput, output: listQuestionsOutput },
  practice_question: { input: practiceQuestionInput, output: practiceQuestionOutput },
  list_variants: { input: noInput, output: listVariantsOutput },
  generate_response: { input: generateResponseInput, output: generateResponseOutput },
  evaluate_response: { input: evaluateResponseInput, output: evaluateResponseOutput },
  run_ab_test: { input: runAbTestInput, output: runAbTestOutput },
  get_analytics_report: { input: getAnalyticsReportInput, output: getAnalyticsReportOutput },
  get_variant_performance: { input: getVariantPerformanceInput, output: getVariantPerformanceOutput },
  recommend_strategy: { input: recommendStrategyInput, output: recommendStrategyOutput },
  record_performance: { input: recordPerformanceInput, output: recordPerformanceOutput },
  get_personalized_recommendations: { input: getRecommendationsInput, output: getRecommendationsOutput },
  get_next_milestones: { input: getNextMilestonesInput, output: getNextMilestonesOutput },
  analyze_job_fit: { input: analyzeJobFitInput, output: analyzeJobFitOutput },
  set_target_role: { input: setTargetRoleInput, output: setTargetRoleOutput },
  get_target_role: { input: getTargetRoleInput, output: getTargetRoleOutput },
  export_data: { input: noInput, output: exportDataOutput },
  delete_all_data: { input: deleteAllDataInput, output: deleteAllDataOutput },
} as const;

type Contracts = typeof TOOL_CONTRACTS;
export type ToolName = keyof Contracts;
/** What a caller sends: defaults and transforms not yet applied. */
export type ToolArgs<N extends ToolName> = z.input<Contracts[N]["input"]>;
/** What the tool answers, as structuredContent. */
export type ToolResult<N extends ToolName> = z.output<Contracts[N]["output"]>;

/** Keys a call must give; a tool taking no arguments has the input type Record<string, never>, with none. */
type RequiredKeys<T> = string extends keyof T ? never : { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
/** A call's arguments: optional when the tool requires none. */
export type ToolCallArgs<N extends ToolName> = [RequiredKeys<ToolArgs<N>>] extends [never] ? [args?: ToolArgs<N>] : [args: ToolArgs<N>];
