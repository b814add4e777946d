import path from "node:path";
import { LRUCache } from "lru-cache";
import { createContext, type CoachContext } from "../context.js";
import type { Logger } from "../log.js";
import { CoachDatabase, type DatabaseEvents, type Sql } from "../store/database.js";
import { isUserId, USER_ID_RULE } from "./auth/scopes.js";
import { errorMessage } from "../errors.js";

export interface UserContextLimits {
  /** Users' stores open at once; beyond it the least recently used is closed. */
  maxOpen?: number;
  /** A store unused this long is closed. */
  idleMs?: number;
  /** The clock idle time is read from; lru-cache's own by default. */
  clock?: { now(): number };
}

export const DEFAULT_MAX_OPEN = 200;
export const DEFAULT_IDLE_MS = 10 * 60_000;

/**
 * A practice store that counts the operations queued or running on it. Once retired it closes
 * when that count is zero, so it is never closed under an operation. A request still holding it
 * may use it again: SQLite reopens for that operation and closes again once it settles.
 */
class RetirableDatabase extends CoachDatabase {
  private inFlight = 0;
  private retired = false;

  constructor(
    dataDir: string,
    events: DatabaseEvents,
    private readonly closed: (error?: unknown) => void,
  ) {
    super(dataDir, events);
  }

  protected override transaction<T>(work: (db: Sql) => T, writes: boolean): Promise<T> {
    this.inFlight++;
    return super.transaction(work, writes).finally(() => {
      this.inFlight--;
      this.closeIfIdle();
    });
  }

  retire(): void {
    this.retired = true;
    this.closeIfIdle();
  }

  private closeIfIdle(): void {
    if (!this.retired || this.inFlight > 0) return;
    // A failed close must neither reject a write that committed nor throw out of a cache timer.
    try {
      this.close();
      this.closed();
    } catch (error) {
      this.closed(error);
    }
  }
}

interface OpenUser {
  context: CoachContext;
  database: RetirableDatabase;
}

/**
 * Each user's own twin and practice store, in DIR/users/<user id>, opened on first use. At most
 * `maxOpen` stay open, and none longer than `idleMs` unused; data is in SQLite, so reopening loses nothing.
 */
export class UserContexts {
  private readonly open: LRUCache<string, OpenUser>;
  /** One timer closes idle stores: lru-cache's ttlAutopurge re-armed a timer on every use, which cost a busy server more than the lookup. */
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly logFor: (userId: string) => Logger,
    limits: UserContextLimits = {},
  ) {
    this.open = new LRUCache<string, OpenUser>({
      max: limits.maxOpen ?? DEFAULT_MAX_OPEN,
      ttl: limits.idleMs ?? DEFAULT_IDLE_MS,
      // Idle means unused: every use restarts the time, and the sweeper closes the store with no request needed.
      updateAgeOnGet: true,
      // The clock is read on each use; lru-cache's default re-armed a timer every millisecond to cache it.
      ttlResolution: 0,
      perf: limits.clock,
      dispose: ({ database }) => database.retire(),
    });
  }

  forUser(userId: string): CoachContext {
    let user = this.open.get(userId);
    if (!user) {
      // Checked again here, not only at key creation: the id becomes a folder name. An open user's id passed it.
      if (!isUserId(userId)) throw new Error(`user id "${userId}" ${USER_ID_RULE}`);
      user = this.openUser(userId);
      this.open.set(userId, user);
    }
    if (this.sweeper === undefined) this.sweepIn(this.open.getRemainingTTL(userId));
    return user.context;
  }

  private sweepIn(ms: number): void {
    if (!Number.isFinite(ms)) return;
    this.sweeper = setTimeout(this.sweep, Math.max(0, ms) + 1);
    this.sweeper.unref();
  }

  private readonly sweep = (): void => {
    this.sweeper = undefined;
    this.open.purgeStale();
    // Every use restarts the time, so the least recently used store is the next to go idle.
    const next = this.open.rkeys().next();
    if (!next.done) this.sweepIn(this.open.getRemainingTTL(next.value));
  };

  /** Users whose store is in the cache; stores retired with operations still in flight are not counted. */
  get size(): number {
    return this.open.size;
  }

  /** After the server has stopped serving; a store with an operation still in flight closes when it settles. */
  closeAll(): void {
    clearTimeout(this.sweeper);
    this.sweeper = undefined;
    this.open.clear();
  }

  private openUser(userId: string): OpenUser {
    const log = this.logFor(userId);
    let database: RetirableDatabase | undefined;
    const context = createContext({
      dataDir: path.join(this.dataDir, "users", userId),
      log,
      openDatabase: (dir, events) =>
        (database = new RetirableDatabase(dir, events, (error) => {
          if (error) log.warn("closing the practice store failed", { error: errorMessage(error) });
          else log.debug("closed the practice store");
        })),
    });
    return { context, database: database! };
  }
}
