import { analyzeJobFitInput, analyzeJobFitOutput } from "../contracts/job-fit.js";
import { analyzeJobFit } from "../domain/job-fit/index.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const analyzeJobFitTool = defineTool({
  name: "analyze_job_fit",
  title: "Analyse fit to a job description",
  description:
    "Reads a job description against the person's twin: the requirements (skills and tools, competencies, seniority, domain; must-have or nice-to-have, each with the posting's words), " +
    "the twin's evidence for each with a strength, the weighted fit with its explanation, the gaps with what to prepare, and a practice set of bank and generated questions. Text in; nothing is fetched or stored (set_target_role saves it).",
  input: analyzeJobFitInput,
  output: analyzeJobFitOutput,
  annotations: READ_ONLY,
  run: (input, context) => analyzeJobFit(input, context.twin(), context.questions),
});
