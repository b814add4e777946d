import type { AwarenessEntity } from "../contracts/awareness.js";
import type { AwarenessPolicy } from "./awareness-store.js";
import { isLive, type LwwState } from "./lww.js";

/**
 * How both stores page a user's change feed once old entries are compacted away. The feed keeps
 * one entry per entity; a session's goes a grace period after it stops being visible, a deleted
 * project's after the tombstone horizon. Each user remembers the newest clock compacted so far:
 * a reader whose `since` is older may have missed a delete, so it is sent the current state instead.
 */

/**
 * Whether a reader at `since` must start over from a snapshot: it holds nothing yet, a change it
 * never saw is gone, or its `since` is later than any change of this user (from another server or
 * a wiped store), where reading on from it would skip every change to come.
 */
export function needsSnapshot(since: string | null, compactedThrough: string | null, continueSnapshot: boolean, head: string | null): boolean {
  if (continueSnapshot) return false;
  return since === null || (compactedThrough !== null && since < compactedThrough) || head === null || since > head;
}

/**
 * The reader's position after a page: its last entry while more follow, else the user's latest
 * change (nothing is left to read). A snapshot's position does not depend on the `since` it replaced.
 */
export function pageEnd(lastClock: string | null, hasMore: boolean, since: string | null, head: string | null, snapshot: boolean): string | null {
  if (hasMore) return lastClock;
  return latestOf(latestOf(snapshot ? null : since, head), lastClock);
}

export function latestOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  return b === null || a >= b ? a : b;
}

/** Epoch ms before which an entry of this entity has left the feed: past the session grace or the tombstone horizon. */
export function retainedFrom(entity: AwarenessEntity, policy: AwarenessPolicy, now: number): number {
  return now - (entity === "session" ? policy.sessionGraceMs : policy.tombstoneHorizonMs);
}

/** Until when callers see a project: null while live (no end), the time of its latest change once deleted, which starts its horizon. */
export function projectVisibleUntil(state: LwwState, now: number): number | null {
  return isLive(state) ? null : now;
}
