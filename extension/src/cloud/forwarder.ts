// Sends the outbox to the cloud, one delivery at a time, in order. Every state change is on disk
// before anything is sent or reported, so a restart resumes exactly where the last run stopped.
import { randomUUID } from "node:crypto";
import { OutboxFile } from "./outbox-file.js";
import { deferDelivery, dueNow, enqueue, nextAttemptAt, nextDelivery, settle, type AwarenessChange, type Delivery, type OutboxState } from "./outbox.js";
import { retryDelay, type SendOutcome } from "./retry-policy.js";
import { errorMessage } from "#contracts/plain.js";

export type SyncStatus =
  | { kind: "synced" }
  | { kind: "pending"; count: number }
  | { kind: "offline"; count: number; reason: string; retryAt: number }
  | { kind: "unauthorized"; count: number; reason: string };

export interface ForwarderOptions {
  file: OutboxFile;
  send(delivery: Delivery): Promise<SendOutcome>;
  now?: () => number;
  random?: () => number;
  newKey?: () => string;
  onStatus?: (status: SyncStatus) => void;
  /** A delivery the cloud refused for good (it leaves the queue): worth telling the person. */
  onRejected?: (delivery: Delivery, outcome: Extract<SendOutcome, { kind: "rejected" }>) => void;
}

export class AwarenessForwarder {
  private state: OutboxState;
  private draining: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private problem: { kind: "offline"; reason: string } | { kind: "unauthorized"; reason: string } | null = null;
  private disposed = false;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly newKey: () => string;

  constructor(private readonly options: ForwarderOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.newKey = options.newKey ?? randomUUID;
    this.state = options.file.load();
  }

  /** Queues a change durably (it survives a crash once this returns), then tries to send. */
  record(change: AwarenessChange): void {
    this.state = enqueue(this.state, change);
    this.options.file.save(this.state);
    this.report();
    this.kick();
  }

  /** Tries now: after a new credential, a network change, or a retry time coming due. */
  kick(): void {
    if (this.disposed || this.draining) return;
    if (this.problem?.kind === "unauthorized") return;
    this.clearTimer();
    this.draining = this.drain().finally(() => {
      this.draining = null;
      this.schedule();
    });
  }

  /** A new credential: deliveries held back by a refused one go again at once. */
  resume(): void {
    if (this.problem?.kind === "unauthorized") this.problem = null;
    this.kick();
  }

  /** The cloud answered again (or the person asked to retry): deliveries waiting out a backoff go now. */
  retryNow(): void {
    if (this.disposed || this.problem?.kind === "unauthorized") return;
    if (this.state.deliveries.some((d) => d.notBefore > 0)) {
      this.state = dueNow(this.state);
      this.options.file.save(this.state);
    }
    this.kick();
  }

  get pending(): number {
    return this.state.deliveries.length;
  }

  status(): SyncStatus {
    const count = this.pending;
    if (this.problem?.kind === "unauthorized") return { kind: "unauthorized", count, reason: this.problem.reason };
    if (this.problem) return { kind: "offline", count, reason: this.problem.reason, retryAt: nextAttemptAt(this.state) ?? this.now() };
    return count ? { kind: "pending", count } : { kind: "synced" };
  }

  /** Resolves once the current attempt (if any) has finished. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  dispose(): void {
    this.disposed = true;
    this.clearTimer();
  }

  private async drain(): Promise<void> {
    while (!this.disposed) {
      const next = nextDelivery(this.state, this.now(), this.newKey);
      if (!next) return;
      // The key is on disk before the request leaves, so a retry after a crash reuses it.
      if (next.state !== this.state) {
        this.state = next.state;
        this.options.file.save(this.state);
      }
      const { delivery } = next;
      const key = delivery.idempotencyKey!;
      const outcome = await this.options
        .send(delivery)
        .catch((error: unknown): SendOutcome => ({ kind: "retry", detail: errorMessage(error), retryAfterMs: null }));
      if (outcome.kind === "delivered" || outcome.kind === "rejected") {
        this.state = settle(this.state, key);
        this.options.file.save(this.state);
        this.problem = null;
        if (outcome.kind === "rejected") this.options.onRejected?.(delivery, outcome);
      } else if (outcome.kind === "unauthorized") {
        this.problem = { kind: "unauthorized", reason: outcome.detail };
        this.report();
        return;
      } else {
        const retryAt = this.now() + retryDelay(delivery.attempts, outcome.retryAfterMs, this.random());
        this.state = deferDelivery(this.state, key, retryAt);
        this.options.file.save(this.state);
        this.problem = { kind: "offline", reason: outcome.detail };
      }
      this.report();
    }
  }

  private schedule(): void {
    const at = nextAttemptAt(this.state);
    if (this.disposed || at === null || this.problem?.kind === "unauthorized") return;
    this.clearTimer();
    this.timer = setTimeout(() => this.kick(), Math.max(0, at - this.now()));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private report(): void {
    this.options.onStatus?.(this.status());
  }
}
