import { getTargetRoleInput, getTargetRoleOutput, setTargetRoleInput, setTargetRoleOutput } from "../contracts/job-fit.js";
import { analyzeJobFit, type JobFit } from "../domain/job-fit/index.js";
import type { CoachContext } from "../context.js";
import { CoachInputError } from "../errors.js";
import { defineTool, READ_ONLY } from "./tool.js";

/** The saved target role, with its analysis read again against today's twin: stories added since count. */
export async function currentTargetRole(context: CoachContext): Promise<(JobFit & { savedAt: string }) | null> {
  const saved = await context.store.targetRole<{ company: string | null; role: string | null }>();
  if (!saved) return null;
  const { company, role } = saved.analysis;
  const fit = analyzeJobFit(
    { jobDescription: saved.jobDescription, ...(company ? { company } : {}), ...(role ? { role } : {}) },
    context.twin(),
    context.questions,
  );
  return { ...fit, savedAt: new Date(saved.savedAt).toISOString() };
}

export const setTargetRole = defineTool({
  name: "set_target_role",
  title: "Save the target role",
  description:
    "Analyses a job description (as analyze_job_fit) and saves it as the job the person prepares for: practice_question and recommendations then favour its competencies and gaps, and VS Code shares it with other platforms. " +
    "clear: true removes it.",
  input: setTargetRoleInput,
  output: setTargetRoleOutput,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  run: async (input, context) => {
    if ((input.jobDescription === undefined) === (input.clear === undefined)) {
      throw new CoachInputError("jobDescription", "give either jobDescription (to analyse and save) or clear: true (to remove the target role), not both");
    }
    if (input.clear) {
      // Nothing is analysed when clearing, so a company or role sent with it would be dropped unsaid.
      for (const field of ["company", "role"] as const)
        if (input[field] !== undefined) throw new CoachInputError(field, "must not be given with clear: true, which removes the target role");
      await context.store.saveTargetRole(null);
      return { target: null };
    }
    const analysis = analyzeJobFit({ jobDescription: input.jobDescription!, company: input.company, role: input.role }, context.twin(), context.questions);
    const savedAt = context.now();
    await context.store.saveTargetRole({ savedAt, jobDescription: input.jobDescription!, analysis: { company: analysis.company, role: analysis.role } });
    return { target: { ...analysis, savedAt: new Date(savedAt).toISOString() } };
  },
});

export const getTargetRole = defineTool({
  name: "get_target_role",
  title: "The target role",
  description: "The job the person prepares for, as saved by set_target_role, analysed against the twin as it is now; null when none is saved.",
  input: getTargetRoleInput,
  output: getTargetRoleOutput,
  annotations: READ_ONLY,
  run: async (_input, context) => ({ target: await currentTargetRole(context) }),
});
