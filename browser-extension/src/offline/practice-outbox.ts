import type { ToolArgs } from "#contracts/tools.js";
import type { KeptOutcome } from "#webview/views/practice/Practice.js";
import { load, save, watch, type QueuedPractice } from "../storage";

/** One writer of the outbox at a time, across the panel's pages: a practice queued while another page sends the rest is not lost. */
const OUTBOX_LOCK = "interview-coach-outbox";

const withOutbox = <T>(work: (outbox: QueuedPractice[]) => Promise<T>): Promise<T> =>
  navigator.locks.request(OUTBOX_LOCK, async () => work((await load("outbox")) ?? [])) as Promise<T>;

/** Keeps a practice to record later, with the time it was practised, which the server records it under, and its attempt id. */
export function enqueue(args: ToolArgs<"record_performance">): Promise<QueuedPractice> {
  return withOutbox(async (outbox) => {
    // The attempt id makes sending it again safe: the server records an attempt id once, however often it arrives.
    const id = args.attemptId ?? crypto.randomUUID();
    const queued: QueuedPractice = { id, args: { ...args, attemptId: id, timestamp: args.timestamp ?? new Date().toISOString() }, queuedAt: Date.now() };
    await save("outbox", [...outbox, queued]);
    return queued;
  });
}

/**
 * Sends the queued practice in the order it was done, each removed only once the server recorded it.
 * Stops at the first that cannot reach the server; one the server refuses is kept, marked with why.
 */
export function flush(
  record: (args: ToolArgs<"record_performance">) => Promise<unknown>,
  unreachable: (error: unknown) => boolean,
): Promise<{ sent: number; left: number }> {
  return withOutbox(async (outbox) => {
    let sent = 0;
    const left = [...outbox];
    for (const queued of outbox) {
      if (queued.refused) continue;
      try {
        await record(queued.args);
        left.splice(left.indexOf(queued), 1);
        sent++;
      } catch (error) {
        if (unreachable(error)) break;
        queued.refused = error instanceof Error ? error.message : String(error);
      }
      await save("outbox", left);
    }
    return { sent, left: left.length };
  });
}

/** Drops a practice the server refused, when the person says so. */
export function discard(id: string): Promise<void> {
  return withOutbox((outbox) =>
    save(
      "outbox",
      outbox.filter((queued) => queued.id !== id),
    ),
  );
}

/**
 * What becomes of a kept practice, whichever page sends it: recorded when it leaves the outbox
 * unrefused, refused when the server said why.
 */
export function outcomeOf(id: string): Promise<KeptOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outbox: QueuedPractice[] | undefined) => {
      if (settled) return;
      const kept = outbox?.find((queued) => queued.id === id);
      if (kept && !kept.refused) return;
      settled = true;
      stop();
      resolve(kept?.refused ? { refused: kept.refused } : { recorded: true });
    };
    // Watching first, then reading: a send finishing between the two is still seen.
    const stop = watch("outbox", settle);
    void load("outbox").then(settle);
  });
}
