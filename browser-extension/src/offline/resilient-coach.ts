import { StreamableHTTPError } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ErrorCode, McpError } from "@modelcontextprotocol/sdk/types.js";
import type { ToolArgs, ToolName, ToolResult } from "#contracts/tools.js";
import type { Queued } from "#webview/views/practice/Practice.js";
import { connectCoach, UnauthorizedError, type CoachConnection } from "../coach-client";
import { CACHED_READS, recall, remember } from "./answer-cache";
import { enqueue, flush, outcomeOf } from "./practice-outbox";
import { scoreHere } from "./score-here";

const RETRY_BASE_MS = 1_000;
const RETRY_CAP_MS = 30_000;

/** The server did not answer at all (no network, refused, a gateway's error), as opposed to answering with a refusal. */
export function unreachable(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof StreamableHTTPError) return true;
  return error instanceof McpError && (error.code === ErrorCode.ConnectionClosed || error.code === ErrorCode.RequestTimeout);
}

export type Reach = "online" | "offline" | "signed-out";

/**
 * The panel's coach whether or not the server can be reached: online, reads are kept as they arrive;
 * offline, the last answers are shown, answers are scored here by the same rubric, and practice is
 * queued, then sent in order once the server answers again (tried with a capped backoff).
 */
export class ResilientCoach implements CoachConnection {
  private reach: Reach;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;
  private readonly listeners = new Set<(reach: Reach) => void>();

  constructor(
    readonly server: string,
    private readonly version: string,
    private live: CoachConnection | null,
  ) {
    this.reach = live ? "online" : "offline";
    if (live) void this.cameOnline();
    else this.retryLater();
  }

  get status(): Reach {
    return this.reach;
  }

  /** Calls back whenever the server is reached again, lost, or the sign-in is gone. */
  onChange(listener: (reach: Reach) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async callTool<N extends ToolName>(name: N, args: ToolArgs<N>): Promise<ToolResult<N>> {
    if (this.live) {
      try {
        const result = await this.live.callTool(name, args);
        if (CACHED_READS.has(name)) void remember(name, args, result);
        return result;
      } catch (error) {
        if (!unreachable(error)) throw error;
        this.wentOffline();
      }
    }
    if (name === "evaluate_response") return (await scoreHere(args as ToolArgs<"evaluate_response">)) as ToolResult<N>;
    const kept = CACHED_READS.has(name) ? await recall(name, args) : undefined;
    if (kept) return kept.result;
    throw new Error(`Your coach at ${this.server} cannot be reached, and this was not loaded before it went offline.`);
  }

  /** Records a practice, or keeps it in this browser to record once the server can be reached. */
  async record(args: ToolArgs<"record_performance">): Promise<ToolResult<"record_performance"> | Queued> {
    // One id for the attempt from the start: if the answer is lost on the way, the queued retry is not recorded twice.
    const attempt = { ...args, attemptId: args.attemptId ?? crypto.randomUUID(), timestamp: args.timestamp ?? new Date().toISOString() };
    if (this.live) {
      try {
        return await this.live.callTool("record_performance", attempt);
      } catch (error) {
        if (!unreachable(error)) throw error;
        this.wentOffline();
      }
    }
    const queued = await enqueue(attempt);
    return { queued: true, queuedAt: new Date(queued.queuedAt).toISOString(), outcome: outcomeOf(queued.id) };
  }

  async freshToken(): Promise<string | undefined> {
    return this.live ? this.live.freshToken() : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.live?.close();
  }

  private emit(reach: Reach): void {
    this.reach = reach;
    for (const listener of this.listeners) listener(reach);
  }

  private async cameOnline(): Promise<void> {
    const live = this.live;
    if (!live) return;
    this.failures = 0;
    // The stories let an answer be scored here later, offline.
    await this.callTool("get_star_stories", {}).catch(() => undefined);
    await flush((args) => live.callTool("record_performance", args), unreachable).catch(() => undefined);
    if (this.live === live) this.emit("online");
  }

  private wentOffline(): void {
    const lost = this.live;
    this.live = null;
    void lost?.close().catch(() => undefined);
    this.emit("offline");
    this.retryLater();
  }

  private retryLater(): void {
    if (this.closed || this.timer) return;
    this.failures++;
    // Capped exponential backoff with jitter, as the sync socket reconnects.
    const delay = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(this.failures - 1, 5)) * (0.5 + Math.random() / 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.reconnect();
    }, delay);
  }

  private async reconnect(): Promise<void> {
    if (this.closed || this.live) return;
    try {
      const live = await connectCoach(this.server, this.version);
      if (this.closed) return void live.close();
      this.live = live;
      await this.cameOnline();
    } catch (error) {
      if (error instanceof UnauthorizedError) this.emit("signed-out");
      else this.retryLater();
    }
  }
}
