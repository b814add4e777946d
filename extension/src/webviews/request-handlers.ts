import * as vscode from "vscode";
import type { CompareController } from "../ab/compare-controller.js";
import { draftBoth } from "../ab/drafting.js";
import { ANALYZE_JOB_COMMAND, type JobFitController } from "../job-fit/job-fit-controller.js";
import type { ServerConnection } from "../mcp/server-connection.js";
import { announce } from "../milestone-notice.js";
import { readSettings } from "../settings.js";
import type { CheckedParamsOf, Method, ResultOf } from "../protocol/webview-protocol.js";
import type { DataChange } from "../walkthrough.js";

export type Handlers = { [M in Method]: (params: CheckedParamsOf<M>) => Promise<ResultOf<M>> };

/** Each request maps to an MCP tool call or an editor command; nothing here computes a number. */
export function createHandlers(
  connection: () => ServerConnection,
  compare: () => CompareController,
  jobFit: () => JobFitController,
  dataChanged: (reason: DataChange) => void,
): Handlers {
  return {
    "dashboard/report": (p) => connection().callTool("get_analytics_report", { period: p.period }),
    "ab/variants": () => connection().callTool("list_variants"),
    "ab/questions": () => connection().callTool("list_questions"),
    "ab/run": async (p) => {
      const drafted = await llmDrafts(connection(), p);
      const result = await connection().callTool("run_ab_test", { ...p, ...drafted });
      dataChanged("A/B trial recorded");
      if (result.unlockedMilestones.length) void announce("A/B trial recorded.", result.unlockedMilestones);
      return result;
    },
    "ab/recommend": (p) => connection().callTool("recommend_strategy", p.category ? { category: p.category } : {}),
    "ab/compareInEditor": async (p) => ({ opened: await compare().openComparison(p) }),
    "recommendations/get": (p) => connection().callTool("get_personalized_recommendations", { limit: p.limit }),
    "milestones/get": (p) => connection().callTool("get_next_milestones", { numberOfMilestones: p.count }),
    "practice/start": async (p) => ({
      started: (await vscode.commands.executeCommand<boolean>("interviewCoach.startPractice", p.questionId ?? p.generated)) === true,
    }),
    "jobFit/get": () => jobFit().state(),
    "jobFit/analyze": async () => ({ started: (await vscode.commands.executeCommand(ANALYZE_JOB_COMMAND)) !== null }),
    "jobFit/saveTarget": () => jobFit().saveTarget(),
    "jobFit/clearTarget": () => jobFit().clearTarget(),
  };
}

/** With LLM drafting on and a model available, both answers come from it; otherwise the server drafts from templates. */
async function llmDrafts(connection: ServerConnection, p: CheckedParamsOf<"ab/run">): Promise<Record<string, string>> {
  if (!readSettings().llmDrafting) return {};
  const { variants } = await connection.callTool("list_variants");
  const control = variants.find((v) => v.id === p.controlVariantId);
  const test = variants.find((v) => v.id === p.testVariantId);
  if (!control || !test) return {};
  const cancel = new vscode.CancellationTokenSource();
  try {
    const drafts = await draftBoth(connection, p.question, control, test, true, cancel.token);
    return drafts.source === "llm" ? { controlResponse: drafts.left, testResponse: drafts.right, responseSource: "llm" } : {};
  } finally {
    cancel.dispose();
  }
}

export async function handleRequest<M extends Method>(handlers: Handlers, method: M, params: unknown): Promise<ResultOf<M>> {
  // The request schemas load with zod on a view's first request, not while the extension activates.
  const { parseRequestParams } = await import("../protocol/webview-requests.js");
  return handlers[method](parseRequestParams(method, params));
}
