import { AWARENESS_ENTITIES, type AwarenessEntity } from "../../contracts/awareness.js";
import type { Sql } from "../../store/database.js";
import { latestOf, needsSnapshot } from "../change-feed.js";

/** The change feed over awareness_entities, used inside the caller's transaction so a page and the head it reports agree. */

export interface FeedRow {
  id: string;
  entity: AwarenessEntity;
  state: string;
  change_clock: string;
}

export interface FeedRead {
  rows: FeedRow[];
  snapshot: boolean;
  head: string | null;
}

/** Epoch ms before which a row has left the feed, per entity: the session grace and the tombstone horizon. */
export type Cutoffs = Record<AwarenessEntity, number>;

/** Rows past their cutoff are out of the feed even before the purge deletes them, and count as compacted. */
const GONE = "visible_until < CASE entity WHEN 'session' THEN ? ELSE ? END";
const KEPT = "(visible_until IS NULL OR visible_until >= CASE entity WHEN 'session' THEN ? ELSE ? END)";
const COLUMNS = "SELECT entity, id, state, change_clock FROM awareness_entities";

/** `count + 1` rows from `after`, or from the start of the live ones when the reader needs a snapshot. */
export function readFeed(db: Sql, userId: string, after: string | null, count: number, cutoffs: Cutoffs, now: number, continueSnapshot: boolean): FeedRead {
  const cut = [cutoffs.session, cutoffs.project];
  const head = db.get("SELECT clock, compacted_through FROM awareness_change_heads WHERE user_id = ?", [userId]) as {
    clock: string;
    compacted_through: string | null;
  } | null;
  const unpurged = after === null ? null : newestGoneAfter(db, userId, after, cut);
  const snapshot = needsSnapshot(after, latestOf(head?.compacted_through ?? null, unpurged), continueSnapshot, head?.clock ?? null);
  // A live project has no visible_until; a session is live until its visible_until.
  const rows = snapshot
    ? db.all(`${COLUMNS} WHERE user_id = ? AND (visible_until IS NULL OR visible_until > ?) ORDER BY change_clock LIMIT ?`, [userId, now, count + 1])
    : db.all(`${COLUMNS} WHERE user_id = ? AND change_clock > ? AND ${KEPT} ORDER BY change_clock LIMIT ?`, [userId, after ?? "", ...cut, count + 1]);
  return { rows: rows as unknown as FeedRow[], snapshot, head: head?.clock ?? null };
}

/** The newest of the user's changes after `after` that is past its cutoff but not purged yet. */
function newestGoneAfter(db: Sql, userId: string, after: string, cut: number[]): string | null {
  const row = db.get(`SELECT MAX(change_clock) AS clock FROM awareness_entities WHERE user_id = ? AND change_clock > ? AND ${GONE}`, [
    userId,
    after,
    ...cut,
  ]) as { clock: string | null };
  return row.clock;
}

/** Deletes the rows past their cutoff, first raising each user's compacted_through to the newest change clock among them. */
export function compactFeed(db: Sql, cutoffs: Cutoffs): number {
  let purged = 0;
  for (const entity of AWARENESS_ENTITIES) {
    const gone = "entity = ? AND visible_until IS NOT NULL AND visible_until < ?";
    const newest = db.all(`SELECT user_id, MAX(change_clock) AS clock FROM awareness_entities WHERE ${gone} GROUP BY user_id`, [entity, cutoffs[entity]]) as {
      user_id: string;
      clock: string;
    }[];
    for (const { user_id, clock } of newest) {
      db.run("UPDATE awareness_change_heads SET compacted_through = ? WHERE user_id = ? AND (compacted_through IS NULL OR compacted_through < ?)", [
        clock,
        user_id,
        clock,
      ]);
    }
    purged += db.run(`DELETE FROM awareness_entities WHERE ${gone}`, [entity, cutoffs[entity]]).changes;
  }
  return purged;
}
