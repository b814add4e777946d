import type { App } from "@modelcontextprotocol/ext-apps";
import type { ToolArgs, ToolName, ToolResult } from "#contracts/tools.js";
import type { Method, NotificationMap, NotificationMethod, ParamsOf, ResultOf } from "#protocol/webview-protocol.js";
import type { CoachTransport } from "../bridge/transport";

/** A tool call through the chat host; a tool error becomes a rejection carrying the tool's own message. */
export async function callTool<N extends ToolName>(app: App, name: N, args: ToolArgs<N>): Promise<ToolResult<N>> {
  const result = await app.callServerTool({ name, arguments: args as Record<string, unknown> });
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  if (result.isError) throw new Error(text || `${name} failed`);
  if (!result.structuredContent) throw new Error(`${name} answered without structured content`);
  return result.structuredContent as ToolResult<N>;
}

/** The practice a recommendation's button started: practice_question's answer for that question. */
export type StartedPractice = ToolResult<"practice_question">;

export interface AppTransportOptions {
  /** The result of the tool the host opened this app for, answering the view's first request for it. */
  first: { method: Method; result: unknown } | null;
  /** View state to start from, e.g. the period the tool was asked for. */
  state: Record<string, unknown>;
  onPracticeStarted(practice: StartedPractice): void;
}

type Handlers = { [M in Method]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

const notInChat = (what: string) => Promise.reject(new Error(`${what} is available in VS Code, not in this chat.`));

/**
 * The sidebar's requests answered by the server's tools through the host (app.callServerTool), mapped
 * as the extension maps them; the view's first request is answered by the tool result the host sent.
 */
export function createAppTransport(app: App, options: AppTransportOptions): CoachTransport & { changed(reason: string): void } {
  let first = options.first;
  const state = new Map(Object.entries(options.state));
  const listeners = new Set<(params: NotificationMap["data/changed"]) => void>();
  const changed = (reason: string) => {
    for (const listener of listeners) listener({ reason });
  };
  const handlers: Handlers = {
    "dashboard/report": (p) => callTool(app, "get_analytics_report", { period: p.period }),
    "ab/variants": () => callTool(app, "list_variants", {}),
    "ab/questions": () => callTool(app, "list_questions", {}),
    "ab/run": async (p) => {
      const result = await callTool(app, "run_ab_test", p);
      changed("A/B trial recorded");
      return result;
    },
    "ab/recommend": (p) => callTool(app, "recommend_strategy", p.category ? { category: p.category } : {}),
    "ab/compareInEditor": () => notInChat("Comparing answers in the diff editor"),
    "recommendations/get": (p) => callTool(app, "get_personalized_recommendations", { limit: p.limit }),
    "milestones/get": (p) => callTool(app, "get_next_milestones", { numberOfMilestones: p.count }),
    "practice/start": async (p) => {
      if (p.generated) return notInChat("Practising a question generated from a job posting");
      options.onPracticeStarted(await callTool(app, "practice_question", p.questionId ? { questionId: p.questionId } : {}));
      return { started: true };
    },
    "jobFit/get": async () => {
      const { target } = await callTool(app, "get_target_role", {});
      return target ? { analysis: target, saved: true, savedAt: target.savedAt } : { analysis: null, saved: false, savedAt: null };
    },
    "jobFit/analyze": () => notInChat("Analysing the job description in the editor"),
    "jobFit/saveTarget": () => notInChat("Saving the analysed job as your target role"),
    "jobFit/clearTarget": () => notInChat("Removing the target role"),
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
