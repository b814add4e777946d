import type { ToolArgs, ToolName, ToolResult } from "#contracts/tools.js";
import type { Method, NotificationMap, NotificationMethod, ParamsOf, ResultOf } from "#protocol/webview-protocol.js";
import type { CoachTransport } from "./transport";

/** One MCP tool call, however the host reaches the server; a tool error rejects with the tool's own message. */
export type CallTool = <N extends ToolName>(name: N, args: ToolArgs<N>) => Promise<ToolResult<N>>;

/** The practice a recommendation's button started: practice_question's answer for that question. */
export type StartedPractice = ToolResult<"practice_question">;

export interface ToolTransportOptions {
  /** Where the views are, as a person would name it: "this chat", "the browser". */
  where: string;
  /** The result of the tool the host opened the view for, answering the view's first request for it. */
  first?: { method: Method; result: unknown } | null;
  /** View state to start from, e.g. the period the tool was asked for. */
  state?: Record<string, unknown>;
  onPracticeStarted(practice: StartedPractice): void;
}

type Handlers = { [M in Method]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

/**
 * The sidebar's requests answered by the server's tools, mapped as the VS Code extension maps them,
 * for hosts that reach the server by MCP tool calls (a chat host's app bridge, the browser extension).
 */
export function createToolTransport(callTool: CallTool, options: ToolTransportOptions): CoachTransport & { changed(reason: string): void } {
  let first = options.first ?? null;
  const state = new Map(Object.entries(options.state ?? {}));
  const listeners = new Set<(params: NotificationMap["data/changed"]) => void>();
  const changed = (reason: string) => {
    for (const listener of listeners) listener({ reason });
  };
  const elsewhere = (what: string) => Promise.reject(new Error(`${what} is available in VS Code, not in ${options.where}.`));
  const handlers: Handlers = {
    "dashboard/report": (p) => callTool("get_analytics_report", { period: p.period }),
    "ab/variants": () => callTool("list_variants", {}),
    "ab/questions": () => callTool("list_questions", {}),
    "ab/run": async (p) => {
      const result = await callTool("run_ab_test", p);
      changed("A/B trial recorded");
      return result;
    },
    "ab/recommend": (p) => callTool("recommend_strategy", p.category ? { category: p.category } : {}),
    "ab/compareInEditor": () => elsewhere("Comparing answers in the diff editor"),
    "recommendations/get": (p) => callTool("get_personalized_recommendations", { limit: p.limit }),
    "milestones/get": (p) => callTool("get_next_milestones", { numberOfMilestones: p.count }),
    "practice/start": async (p) => {
      if (p.generated) return elsewhere("Practising a question generated from a job posting");
      options.onPracticeStarted(await callTool("practice_question", p.questionId ? { questionId: p.questionId } : {}));
      return { started: true };
    },
    "jobFit/get": async () => {
      const { target } = await callTool("get_target_role", {});
      return target ? { analysis: target, saved: true, savedAt: target.savedAt } : { analysis: null, saved: false, savedAt: null };
    },
    "jobFit/analyze": () => elsewhere("Analysing the job description in the editor"),
    "jobFit/saveTarget": () => elsewhere("Saving the analysed job as your target role"),
    "jobFit/clearTarget": () => elsewhere("Removing the target role"),
  };
  return {
    request<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      if (first?.method === method) {
        const { result } = first;
        first = null;
        return Promise.resolve(result as ResultOf<M>);
      }
      return handlers[method](params);
    },
    onNotification<N extends NotificationMethod>(method: N, listener: (params: NotificationMap[N]) => void): () => void {
      if (method !== "data/changed") return () => undefined;
      const typed = listener as (params: NotificationMap["data/changed"]) => void;
      listeners.add(typed);
      return () => listeners.delete(typed);
    },
    loadState: <T>(key: string, fallback: T) => (state.has(key) ? (state.get(key) as T) : fallback),
    saveState: (key, value) => void state.set(key, value),
    canCompareInEditor: false,
    changed,
  };
}
