import * as vscode from "vscode";
import type { ModelJudgeOutcome } from "#contracts/model-judge.js";

/** Where the judge finds a language model; the first VS Code offers, unless told otherwise. */
export type ModelSource = () => Promise<vscode.LanguageModelChat | undefined>;

export const firstAvailableModel: ModelSource = async () => (await vscode.lm.selectChatModels())[0];

/**
 * Grades the answer with a language model beside the rubric, asked from the person's own action
 * (Submit Answer), so VS Code can ask their consent to the model the first time.
 */
export async function gradeWithModel(
  source: ModelSource,
  input: { question: string; answer: string; competencies: readonly string[]; rubricOverall: number },
  token: vscode.CancellationToken,
): Promise<ModelJudgeOutcome> {
  // The judge's schemas load with zod only when an answer is graded, not while the extension activates.
  const { judgeWithModel } = await import("#contracts/model-judge.js");
  const model = await source().catch(() => undefined);
  if (!model)
    return judgeWithModel(
      null,
      input,
      "No language model is available in VS Code (for example, sign in to GitHub Copilot), so only the rubric graded this answer.",
    );
  return judgeWithModel(async ({ system, user }) => {
    // The Language Model API has no system role: the grading instructions lead the one user message.
    const response = await model.sendRequest(
      [vscode.LanguageModelChatMessage.User(`${system}\n\n${user}`)],
      { justification: "Interview Coach asks a model to grade your answer beside its rubric (Interview Coach: Model Judge setting)." },
      token,
    );
    let text = "";
    for await (const fragment of response.text) text += fragment;
    return { text, model: model.name };
  }, input);
}

/** One line for the answer's CodeLens: both grades and whether they agree. */
export function judgeLensTitle(rubricOverall: number, outcome: ModelJudgeOutcome): string {
  if (outcome.status !== "graded")
    return `$(circle-slash) Rubric ${rubricOverall} · model judge: ${outcome.status === "rejected" ? "grade not used" : "unavailable"}`;
  const gap = Math.abs(outcome.difference);
  return outcome.disagreement
    ? `$(warning) Rubric ${rubricOverall} · ${outcome.judge} ${outcome.overall}: disagree by ${gap} points`
    : `$(pass) Rubric ${rubricOverall} · ${outcome.judge} ${outcome.overall}: agree within ${gap}`;
}

/** The model's grades and quotes, per dimension, for the person to weigh against the rubric's feedback. */
export function judgeDetails(rubric: { overall: number; dimensions: Record<string, number> }, outcome: ModelJudgeOutcome): string {
  if (outcome.status !== "graded") return `The model judge's grade was not used: ${outcome.reason}`;
  const rows = Object.entries(outcome.dimensions).map(
    ([dimension, grade]) =>
      `| ${dimension} | ${rubric.dimensions[dimension] ?? "–"} | ${grade.score} | “${grade.quote.replace(/\|/g, "\\|")}” ${grade.reason.replace(/\|/g, "\\|")} |`,
  );
  return [
    `# Rubric and model judge`,
    "",
    outcome.summary,
    "",
    `| Dimension | Rubric | ${outcome.judge} | The model's evidence |`,
    "|---|---|---|---|",
    ...rows,
    `| **overall** | **${rubric.overall}** | **${outcome.overall}** | weighted as the rubric weighs its dimensions |`,
  ].join("\n");
}
