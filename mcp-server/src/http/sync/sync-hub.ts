import type { AwarenessChangeEvent, AwarenessStore } from "../../awareness/awareness-store.js";
import type { Change } from "../../contracts/awareness.js";

export type ChangeSink = (change: Change) => void;

/**
 * One store subscription per process, fanned out to the sockets of the change's user: the store
 * hears every user's changes (from every instance, with Redis), a socket only its own user's.
 */
export class SyncHub {
  private readonly sinks = new Map<string, Set<ChangeSink>>();
  private unsubscribe: (() => Promise<void>) | null = null;

  constructor(private readonly store: AwarenessStore) {}

  /** Resolves once the store listens, so no change committed afterwards is missed. */
  async start(): Promise<void> {
    this.unsubscribe ??= await this.store.subscribe((event) => this.dispatch(event));
  }

  /** Hears the user's changes from now on; returns the function that stops it. */
  add(userId: string, sink: ChangeSink): () => void {
    let sinks = this.sinks.get(userId);
    if (!sinks) this.sinks.set(userId, (sinks = new Set()));
    sinks.add(sink);
    return () => {
      sinks.delete(sink);
      if (sinks.size === 0 && this.sinks.get(userId) === sinks) this.sinks.delete(userId);
    };
  }

  async stop(): Promise<void> {
    const unsubscribe = this.unsubscribe;
    this.unsubscribe = null;
    await unsubscribe?.();
  }

  private dispatch(event: AwarenessChangeEvent): void {
    const sinks = this.sinks.get(event.userId);
    if (sinks) for (const sink of [...sinks]) sink(event.change);
  }
}
