import * as vscode from "vscode";
// A namespace import of zod/v4 (the same zod 4 as "zod") lets esbuild drop what this file does not use, its locales among it.
import * as z from "zod/v4";
import type { CompareController } from "../ab/compare-controller.js";
import { draftBoth } from "../ab/drafting.js";
import { ANALYZE_JOB_COMMAND, type JobFitController } from "../job-fit/job-fit-controller.js";
import type { ServerConnection } from "../mcp/server-connection.js";
import { announce } from "../milestone-notice.js";
import { readSettings } from "../settings.js";
import type { Method, ParamsOf, ResultOf } from "../protocol/webview-protocol.js";
import type { DataChange } from "../walkthrough.js";
import { categorySchema } from "../../../mcp-server/src/contracts/common.js";
import { responseSourceSchema } from "../../../mcp-server/src/contracts/experiments.js";
import { periodSchema } from "../../../mcp-server/src/contracts/progress.js";

/** Params are checked again on the host: a webview message is input like any other. */
const PARAMS: { [M in Method]: z.ZodType<ParamsOf<M>> } = {
  "dashboard/report": z.object({ period: periodSchema }),
  "ab/variants": z.object({}),
  "ab/questions": z.object({}),
  "ab/run": z.object({
    question: z.string().trim().min(1).max(1_000),
    questionId: z.string().max(100).optional(),
    controlVariantId: z.string().min(1).max(64),
    testVariantId: z.string().min(1).max(64),
  }),
  "ab/recommend": z.object({ category: categorySchema.optional() }),
  "ab/compareInEditor": z.object({
    question: z.string().trim().min(1).max(1_000),
    questionId: z.string().max(100).optional(),
    controlVariantId: z.string().min(1).max(64),
    testVariantId: z.string().min(1).max(64),
    controlResponse: z.string().min(1).max(20_000),
    testResponse: z.string().min(1).max(20_000),
    source: responseSourceSchema,
  }),
  "recommendations/get": z.object({ limit: z.number().int().min(1).max(50) }),
  "milestones/get": z.object({ count: z.number().int().min(1).max(30) }),
  "practice/start": z.object({
    questionId: z.string().max(100).optional(),
    generated: z.object({ question: z.string().min(1).max(1_000), category: categorySchema, lookFor: z.string().max(1_000) }).optional(),
  }),
  "jobFit/get": z.object({}),
  "jobFit/analyze": z.object({}),
  "jobFit/saveTarget": z.object({}),
  "jobFit/clearTarget": z.object({}),
} as { [M in Method]: z.ZodType<ParamsOf<M>> };

export type Handlers = { [M in Method]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

/** Each request maps to an MCP tool call or an editor command; nothing here computes a number. */
export function createHandlers(connection: () => ServerConnection, compare: () => CompareController, jobFit: () => JobFitController, dataChanged: (reason: DataChange) => void): Handlers {
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
    "practice/start": async (p) => ({ started: (await vscode.commands.executeCommand<boolean>("interviewCoach.startPractice", p.questionId ?? p.generated)) === true }),
    "jobFit/get": () => jobFit().state(),
    "jobFit/analyze": async () => ({ started: (await vscode.commands.executeCommand(ANALYZE_JOB_COMMAND)) !== null }),
    "jobFit/saveTarget": () => jobFit().saveTarget(),
    "jobFit/clearTarget": () => jobFit().clearTarget(),
  };
}

/** With LLM drafting on and a model available, both answers come from it; otherwise the server drafts from templates. */
async function llmDrafts(connection: ServerConnection, p: ParamsOf<"ab/run">): Promise<Record<string, string>> {
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
  const parsed = PARAMS[method].safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid ${method} request: ${issue?.path.join(".") || "params"}: ${issue?.message ?? "invalid"}`);
  }
  return handlers[method](parsed.data as ParamsOf<M>);
}
