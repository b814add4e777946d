import {
  isNotificationMessage,
  isResponseMessage,
  type Method,
  type NotificationMap,
  type NotificationMethod,
  type ParamsOf,
  type ResultOf,
} from "#protocol/webview-protocol.js";
import type { CoachTransport } from "./transport";

interface VsCodeApi<State> {
  postMessage(message: unknown): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

// acquireVsCodeApi may be called once per page: every part of the webview goes through this module.
const api = acquireVsCodeApi<Record<string, unknown>>();
let nextId = 1;
const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
const listeners = new Map<NotificationMethod, Set<(params: never) => void>>();

window.addEventListener("message", (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (isResponseMessage(message)) {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new Error(message.error));
  } else if (isNotificationMessage(message)) {
    for (const listener of listeners.get(message.method) ?? []) listener(message.params as never);
  }
});

/** A typed request to the extension host; rejects with the host's message when it fails. */
export function request<M extends Method>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const id = nextId++;
  return new Promise<ResultOf<M>>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    api.postMessage({ type: "request", id, method, params });
  });
}

export function onNotification<N extends NotificationMethod>(method: N, listener: (params: NotificationMap[N]) => void): () => void {
  let set = listeners.get(method);
  if (!set) listeners.set(method, (set = new Set()));
  set.add(listener as (params: never) => void);
  return () => set.delete(listener as (params: never) => void);
}

/** View state that survives the view being hidden and shown again. */
export function loadState<T>(key: string, fallback: T): T {
  const stored = api.getState()?.[key];
  return stored === undefined ? fallback : (stored as T);
}

export function saveState(key: string, value: unknown): void {
  api.setState({ ...(api.getState() ?? {}), [key]: value });
}

/** The sidebar's transport: requests and notifications over VS Code's webview postMessage. */
export const vscodeTransport: CoachTransport = { request, onNotification, loadState, saveState, canCompareInEditor: true };
