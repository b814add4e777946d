import { WebSocket } from "ws";
import type { Change } from "../../mcp-server/src/contracts/awareness.js";
import type { HttpCoach } from "../support/http-server.js";

/** What the awareness tests read back from a response. */
export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId?: string;
  errors?: { field: string; rule: string }[];
}

/** Enough requests for the convergence and slow-reader tests; the rate limit has its own tests. */
export const UNLIMITED = ["--rate-limit", "1000000"];

/** A client's clock at `ms` from `node`, in the wire encoding. */
export function clockAt(ms: number, node: string, counter = 0): string {
  return `${String(ms).padStart(15, "0")}-${String(counter).padStart(5, "0")}-${node}`;
}

/** fetch for the awareness routes: JSON in, JSON (or nothing) out, with the credential and extra headers. */
export async function call<T = unknown>(
  coach: HttpCoach,
  method: string,
  route: string,
  credential: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const all: Record<string, string> = { ...headers };
  if (credential !== null) all.authorization = `Bearer ${credential}`;
  if (body !== undefined) all["content-type"] ??= "application/json";
  const response = await fetch(`${coach.url}${route}`, {
    method,
    headers: all,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

export interface ServerMessage {
  type: "change" | "snapshot" | "live" | "error";
  change?: Change;
  clock?: string | null;
  field?: string;
  rule?: string;
}

/** A /v1/sync client as the extension runs one: subscribe, collect every message, wait for what a test expects. */
export class SyncClient {
  readonly messages: ServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private closeCode: number | null = null;
  private readonly waiters = new Set<() => void>();

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      for (const wake of [...this.waiters]) wake();
    });
    this.closed = new Promise((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    void this.closed.then(({ code }) => {
      this.closeCode = code;
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Opens the socket (rejects with the status on a refused upgrade); subscribes unless told not to. */
  static async open(
    coach: HttpCoach,
    credential: string | null,
    options: { since?: string | null; subscribe?: boolean; autoPong?: boolean } = {},
  ): Promise<SyncClient> {
    const headers: Record<string, string> = credential === null ? {} : { authorization: `Bearer ${credential}` };
    const ws = new WebSocket(`${coach.url.replace(/^http/, "ws")}/v1/sync`, { headers, autoPong: options.autoPong ?? true });
    const client = new SyncClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("unexpected-response", (_request, response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () =>
          reject(Object.assign(new Error(`upgrade refused: ${response.statusCode}`), { status: response.statusCode, headers: response.headers, body: text })),
        );
      });
      ws.once("error", reject);
    });
    if (options.subscribe !== false) {
      ws.send(JSON.stringify(options.since === undefined ? { type: "subscribe" } : { type: "subscribe", since: options.since }));
      await client.waitFor((m) => m.type === "live");
    }
    return client;
  }

  get changes(): Change[] {
    return this.messages.filter((m) => m.type === "change").map((m) => m.change!);
  }

  /** The clock to reconnect with: the last change received. */
  get lastClock(): string | null {
    return this.changes.at(-1)?.clock ?? null;
  }

  /** Resolves with the first message (already received or arriving) that matches. */
  waitFor(match: (message: ServerMessage) => boolean, timeoutMs = 10_000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find(match);
        if (!found) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        const state = this.closeCode === null ? "still open" : `closed with ${this.closeCode}`;
        reject(
          new Error(
            `no matching message within ${timeoutMs} ms (socket ${state}); ${this.messages.length} messages, the last: ${JSON.stringify(this.messages.at(-1))}`,
          ),
        );
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  /** Resolves once `count` changes have arrived. */
  async changesCount(count: number, timeoutMs = 10_000): Promise<Change[]> {
    await this.waitFor(() => this.changes.length >= count, timeoutMs);
    return this.changes;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    await this.closed;
  }
}
