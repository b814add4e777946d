import { createContext, useContext } from "react";
import type { Method, NotificationMap, NotificationMethod, ParamsOf, ResultOf } from "#protocol/webview-protocol.js";

/**
 * Where a view gets its data and sends its actions: the VS Code extension host (postMessage) in the
 * sidebar, or a chat host's MCP App bridge (tool results and callServerTool) in chat. Views depend on
 * this interface only, so one component serves both.
 */
export interface CoachTransport {
  request<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  onNotification<N extends NotificationMethod>(method: N, listener: (params: NotificationMap[N]) => void): () => void;
  /** View state that survives the view being hidden and shown again. */
  loadState<T>(key: string, fallback: T): T;
  saveState(key: string, value: unknown): void;
  /** The host can open two answers in an editor's diff view (VS Code only). */
  canCompareInEditor: boolean;
}

export const TransportContext = createContext<CoachTransport | null>(null);

export function useTransport(): CoachTransport {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error("A view was rendered outside a TransportContext provider");
  return transport;
}
