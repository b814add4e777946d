import type { ChainableCommander, Redis } from "ioredis";
import type { AwarenessEntity } from "../../contracts/awareness.js";
import { needsSnapshot } from "../change-feed.js";
import { afterClockBound, parseChangeMember, type AwarenessKeys } from "./redis-keys.js";

export interface FeedEntry {
  clock: string;
  entity: AwarenessEntity;
  id: string;
}

export interface FeedRead {
  entries: FeedEntry[];
  hasMore: boolean;
  snapshot: boolean;
  head: string | null;
}

/**
 * A page of one user's change log, or of its live entities when the reader needs a snapshot. Each
 * read is one MULTI, so the page, the head and compacted-through are seen as of one moment.
 */
export async function readFeed(
  redis: Redis,
  keys: AwarenessKeys,
  userId: string,
  after: string | null,
  count: number,
  now: number,
  continueSnapshot: boolean,
): Promise<FeedRead> {
  if (after !== null || continueSnapshot) {
    const [members, head, compacted] = await replies(
      redis
        .multi()
        .zrangebylex(keys.changes(userId), afterClockBound(after), "+", "LIMIT", 0, count + 1)
        .get(keys.changeHead(userId))
        .get(keys.compactedThrough(userId)),
    );
    if (!needsSnapshot(after, compacted as string | null, continueSnapshot, head as string | null)) {
      const page = members as string[];
      return { entries: page.slice(0, count).map(parseChangeMember), hasMore: page.length > count, snapshot: false, head: head as string | null };
    }
  }
  // The whole log, filtered to live entities: compaction keeps it to those and recent deletes.
  const [log, projects, sessions, head] = await replies(
    redis
      .multi()
      .zrangebylex(keys.changes(userId), "-", "+")
      .smembers(keys.index(userId, "project"))
      .zrangebyscore(keys.index(userId, "session"), `(${now}`, "+inf")
      .get(keys.changeHead(userId)),
  );
  const live = new Set([...(projects as string[]).map((id) => `project ${id}`), ...(sessions as string[]).map((id) => `session ${id}`)]);
  const entries = (log as string[]).map(parseChangeMember).filter((e) => live.has(`${e.entity} ${e.id}`));
  return { entries: entries.slice(0, count), hasMore: entries.length > count, snapshot: true, head: head as string | null };
}

async function replies(transaction: ChainableCommander): Promise<unknown[]> {
  const results = (await transaction.exec()) ?? [];
  return results.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** A change as the write script publishes it on the channel every instance listens to. */
export interface PublishedChange {
  user: string;
  entity: AwarenessEntity;
  id: string;
  clock: string;
  state: string[] | Record<string, never>;
}
