import type { FastifyBaseLogger } from "fastify";
import { WebSocket, type RawData } from "ws";
import type { AwarenessStore } from "../../awareness/awareness-store.js";
import { latestOf } from "../../awareness/change-feed.js";
import type { Change } from "../../contracts/awareness.js";
import type { Authenticator } from "../auth/authenticate.js";
import type { Principal } from "../auth/principal.js";
import { canSee } from "../awareness/awareness-routes.js";
import type { Metrics } from "../metrics.js";
import { ProblemError } from "../problem.js";
import { CLOSE, MAX_PENDING_CHANGES, REPLAY_PAGE, SEND_BUFFER_LIMIT_BYTES, SUBSCRIBE_TIMEOUT_MS, subscribeMessage, type ServerMessage } from "./protocol.js";
import type { SyncHub } from "./sync-hub.js";

export interface ConnectionDependencies {
  store: AwarenessStore;
  hub: SyncHub;
  metrics: Metrics;
  authenticator: Authenticator;
  log: FastifyBaseLogger;
}

/** Waiting for subscribe → replaying (live changes held back) → live → closed. */
type Phase = "waiting" | "replaying" | "live" | "closed";

/**
 * One /v1/sync socket. On subscribe it listens first and holds what it hears, replays the change
 * log page by page from `since` (or a snapshot, announced first), then sends the held changes and
 * goes live. Change clocks of one user only grow, and commit in clock order, so skipping every
 * clock at or below the last one handled removes the overlap between replay and live without a gap.
 */
export class SyncConnection {
  private phase: Phase = "waiting";
  /** The greatest clock handled (sent, or withheld for lack of scope). */
  private watermark: string | null = null;
  private held: Change[] = [];
  private leaveHub: (() => void) | null = null;
  private readonly subscribeTimer: NodeJS.Timeout;
  private readonly openedAt = Date.now();
  private answeredPing = true;
  private closedPromise: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    private readonly principal: Principal,
    private readonly authorization: string | undefined,
    private readonly deps: ConnectionDependencies,
  ) {
    deps.metrics.websocketConnections.inc();
    this.closedPromise = new Promise((resolve) => ws.once("close", (code: number, reason: Buffer) => resolve(this.closed(code, reason.toString()))));
    ws.on("message", (data, isBinary) => this.receive(data, isBinary));
    ws.on("pong", () => (this.answeredPing = true));
    ws.on("error", (error) => deps.log.debug({ err: error }, "sync socket error"));
    this.subscribeTimer = setTimeout(() => this.close(CLOSE.policy, `no subscribe within ${SUBSCRIBE_TIMEOUT_MS / 1000} s`), SUBSCRIBE_TIMEOUT_MS);
  }

  /** Called every heartbeat: a socket that missed the last ping is dead; a credential revoked or expired meanwhile ends the socket. */
  async heartbeat(): Promise<void> {
    if (this.phase === "closed" || this.ws.readyState !== WebSocket.OPEN) return;
    if (!this.answeredPing) {
      this.deps.log.info({}, "sync socket missed a heartbeat; terminating it");
      this.ws.terminate();
      return;
    }
    this.answeredPing = false;
    this.ws.ping();
    try {
      await this.deps.authenticator.authenticate(this.authorization);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      this.close(CLOSE.credentialEnded, "credential revoked or expired");
    }
  }

  /** Graceful shutdown: a 1001 close, and the socket cut if the client does not answer within `graceMs`. */
  async shutdown(graceMs: number): Promise<void> {
    this.close(CLOSE.goingAway, "server shutting down");
    const timer = setTimeout(() => this.ws.terminate(), graceMs);
    await this.closedPromise;
    clearTimeout(timer);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.phase !== "waiting") return this.refuse("type", "subscribe is sent once per connection; nothing else is expected");
    if (isBinary) return this.refuse("message", "must be a text frame of JSON");
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return this.refuse("message", 'must be JSON, e.g. {"type":"subscribe","since":"<clock>"}');
    }
    const parsed = subscribeMessage.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return this.refuse(issue.path.length ? issue.path.join(".") : "message", issue.message);
    }
    clearTimeout(this.subscribeTimer);
    void this.subscribe(parsed.data.since ?? null);
  }

  private async subscribe(since: string | null): Promise<void> {
    this.phase = "replaying";
    this.watermark = since;
    this.leaveHub = this.deps.hub.add(this.principal.userId, (change) => this.hear(change));
    try {
      let cursor = since;
      let inSnapshot = false;
      for (;;) {
        const page = await this.deps.store.changesSince(this.principal.userId, cursor, REPLAY_PAGE, { continueSnapshot: inSnapshot });
        if (this.phase !== "replaying") return;
        if (page.snapshot) {
          // A snapshot lists entities at their latest clocks, older than since too: none may be skipped.
          this.watermark = null;
          inSnapshot = true;
          this.send({ type: "snapshot" });
        }
        let flushed: Promise<void> | null = null;
        for (const change of page.changes) flushed = this.forward(change, "replayed") ?? flushed;
        // The page reaches the socket before the next is read: a slow reader slows its replay, not the server.
        if (flushed) await flushed;
        cursor = page.nextSince;
        if (!page.hasMore || this.phase !== "replaying") break;
      }
      // The last page read to the user's latest change: a held change up to it is in the replay already.
      this.watermark = latestOf(this.watermark, cursor);
    } catch (error) {
      this.deps.log.error({ err: error }, "sync replay failed");
      this.close(CLOSE.internal, "replay failed; reconnect with the last clock");
      return;
    }
    if (this.phase !== "replaying") return;
    const held = this.held;
    this.held = [];
    this.phase = "live";
    for (const change of held) this.forward(change, "delivered");
    this.send({ type: "live", clock: this.watermark });
  }

  private hear(change: Change): void {
    if (this.phase === "live") {
      this.forward(change, "delivered");
      return;
    }
    if (this.phase !== "replaying") return;
    this.held.push(change);
    if (this.held.length > MAX_PENDING_CHANGES) this.close(CLOSE.slowConsumer, "too many changes while replaying; reconnect with the last clock");
  }

  /** Sends a change not handled yet; returns when it has been written during a replay. */
  private forward(change: Change, event: "replayed" | "delivered"): Promise<void> | null {
    if (this.watermark !== null && change.clock <= this.watermark) return null;
    this.watermark = change.clock;
    if (!canSee(this.principal, change)) return null;
    this.deps.metrics.syncEvents.inc({ event });
    return this.send({ type: "change", change }, event === "replayed");
  }

  private send(message: ServerMessage, awaitWrite = false): Promise<void> | null {
    if (this.ws.readyState !== WebSocket.OPEN) return null;
    const written = awaitWrite ? new Promise<void>((resolve) => this.ws.send(JSON.stringify(message), () => resolve())) : null;
    if (!written) this.ws.send(JSON.stringify(message));
    if (this.phase === "live" && this.ws.bufferedAmount > SEND_BUFFER_LIMIT_BYTES) {
      this.deps.log.warn({ bufferedBytes: this.ws.bufferedAmount }, "sync socket reads too slowly; closing it");
      this.close(CLOSE.slowConsumer, "send buffer full; reconnect with the last clock");
    }
    return written;
  }

  private refuse(field: string, rule: string): void {
    this.send({ type: "error", field, rule });
    this.close(CLOSE.policy, `${field}: ${rule}`);
  }

  private close(code: number, reason: string): void {
    if (this.phase === "closed") return;
    this.stopListening();
    this.phase = "closed";
    // A close reason may hold at most 123 bytes.
    this.ws.close(code, Buffer.from(reason).subarray(0, 120).toString());
  }

  private stopListening(): void {
    clearTimeout(this.subscribeTimer);
    this.leaveHub?.();
    this.leaveHub = null;
    this.held = [];
  }

  private closed(code: number, reason: string): void {
    this.stopListening();
    this.phase = "closed";
    this.deps.metrics.websocketConnections.dec();
    this.deps.log.info({ code, reason, seconds: Math.round((Date.now() - this.openedAt) / 1000) }, "sync socket closed");
  }
}
