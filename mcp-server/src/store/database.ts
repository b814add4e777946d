import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Database as SqliteDatabase } from "node-sqlite3-wasm";
import { fileStamp } from "./file-stamp.js";
import { clearStaleSqliteLock, DataDirLock } from "./lock.js";
import { MIGRATIONS, type Migration } from "./migrations.js";

export type Sql = SqliteDatabase;

export interface DatabaseEvents {
  onStaleLockCleared?: (what: string) => void;
  /** Another database in the same folder (the HTTP server's own tables): its file name and schema. */
  schema?: { file: string; migrations: readonly Migration[] };
  /**
   * One process owns the file for as long as it is open (the HTTP server's awareness store): the
   * mutex and SQLite's lock are taken once at open instead of around every transaction.
   */
  holdLock?: boolean;
  /**
   * How long (ms) the mutex, and SQLite's lock in exclusive mode, are kept after the last
   * transaction, so a burst of calls takes them once; 0 takes and releases them per transaction.
   */
  leaseMs?: number;
}

/** The default lease: long enough to cover a client's next call in a burst, short enough that another process waits little. */
export const LEASE_MS = 25;
/** A busy holder that someone is waiting for lets go after this long, and waits a little before taking the lock again, so the other gets its turn. */
const MAX_HOLD_MS = 250;
const YIELD_MS = 40;

/**
 * The SQLite store in the data directory. Every access runs inside the data-dir mutex, so two
 * server processes (VS Code and Claude Desktop) interleave whole transactions, never statements.
 */
export class CoachDatabase {
  readonly file: string;
  private readonly lock: DataDirLock;
  private db: SqliteDatabase | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly rollbackListeners: (() => void)[] = [];
  private leased = false;
  private leaseStartedAt = 0;
  private yieldUntil = 0;
  private queued = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  /** Bumped by every write here and every time the lock is taken anew: while it stands, nothing changed the file. */
  private generation = 0;
  /** Whether a cache answered under the lease since its idle time began. */
  private answeredFromCache = false;
  /** Writes committed here: part of the change stamp, as a write within the file's time resolution might not move its stat. */
  private writes = 0;
  private stamp = { generation: -1, value: "" };
  private takingLease = false;

  constructor(
    readonly dataDir: string,
    private readonly events: DatabaseEvents = {},
  ) {
    this.file = path.join(dataDir, events.schema?.file ?? "coach.sqlite");
    // Held for the process's life, a busy lock means another owner, not a transaction to wait out.
    this.lock = new DataDirLock(`${this.file}.mutex`, events.holdLock ? { timeoutMs: 2_000 } : {});
  }

  /** Runs work inside the mutex and one transaction; it commits before the promise resolves. */
  write<T>(work: (db: Sql) => T): Promise<T> {
    return this.transaction(work, true);
  }

  /** Reads run under the mutex too: this SQLite build's file lock is exclusive even for readers. The work must change nothing. */
  read<T>(work: (db: Sql) => T): Promise<T> {
    return this.transaction(work, false);
  }

  /** Read inside a transaction beside what it read, for unchangedSince to compare with later. */
  get version(): number {
    return this.generation;
  }

  /**
   * Whether the file is surely as it was at `version`: this process has held the lock all along
   * (no other process could write) and has written nothing. A cache of rows can then answer
   * without taking the lock or querying.
   */
  unchangedSince(version: number): boolean {
    const unchanged = version === this.generation && this.db !== null && (this.leased || this.events.holdLock === true);
    // An answer from a cache uses the lease as a transaction does: it is kept while such answers keep coming.
    if (unchanged) this.answeredFromCache = true;
    return unchanged;
  }

  /**
   * A value that changes whenever the file may have changed, by this process or another, for caches
   * of rows kept outside transactions (API keys, access tokens). Free while this process holds the
   * lock and has written nothing; otherwise one stat, and the lock is taken meanwhile so the calls
   * after it are free again (another process waiting for it still gets its turn within a lease).
   */
  changeStamp(): string {
    if (this.unchangedSince(this.stamp.generation)) return this.stamp.value;
    const value = `${this.writes}:${fileStamp(this.file)}`;
    this.stamp = { generation: this.generation, value };
    if (!this.leased && !this.events.holdLock && (this.events.leaseMs ?? LEASE_MS) > 0 && !this.takingLease) {
      this.takingLease = true;
      const taken = () => {
        this.takingLease = false;
      };
      this.read(() => undefined).then(taken, taken);
    }
    return value;
  }

  protected transaction<T>(work: (db: Sql) => T, writes: boolean): Promise<T> {
    return this.exclusive((db) => {
      if (writes) {
        this.generation++;
        this.writes++;
      }
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = work(db);
        db.exec("COMMIT");
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        for (const listener of this.rollbackListeners) listener();
        throw error;
      }
    });
  }

  /** Caches of rows read inside a transaction that rolled back must forget them. */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  close(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.db?.close();
    this.db = null;
    if (this.events.holdLock || this.leased) this.lock.release();
    this.leased = false;
  }

  private exclusive<T>(work: (db: Sql) => T): Promise<T> {
    this.queued++;
    const run = async () => {
      this.queued--;
      if (this.events.holdLock) return work(await this.openHeld());
      if ((this.events.leaseMs ?? LEASE_MS) > 0) {
        const db = await this.takeLease();
        try {
          return work(db);
        } finally {
          this.afterLeasedWork();
        }
      }
      if (!this.db) mkdirSync(this.dataDir, { recursive: true });
      await this.lock.acquire();
      try {
        if (clearStaleSqliteLock(this.file)) this.events.onStaleLockCleared?.(`${this.file}.lock`);
        return work(await this.open());
      } finally {
        this.lock.release();
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Takes the mutex and SQLite's lock (exclusive mode: no lock directory or journal check per transaction) unless already held. */
  private async takeLease(): Promise<Sql> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.leased && this.db) return this.db;
    const wait = this.yieldUntil - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const db = await this.openExclusively();
    this.leased = true;
    this.leaseStartedAt = Date.now();
    // Another process may have written while the lock was not ours.
    this.generation++;
    return db;
  }

  /**
   * Keeps the lease while calls are queued and for a short idle time after, longer while caches
   * answer under it; a holder busy for long lets go when someone waits.
   */
  private afterLeasedWork(): void {
    if (!this.leased) return;
    if (Date.now() - this.leaseStartedAt > MAX_HOLD_MS && this.lock.othersWaiting()) {
      this.yieldLease();
      return;
    }
    if (this.queued > 0) return;
    this.answeredFromCache = false;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      // Through the queue, so it never runs beside a transaction.
      const release = () => {
        if (this.queued > 0 || !this.leased) return;
        if (!this.answeredFromCache) return this.dropLease();
        if (this.lock.othersWaiting()) return this.yieldLease();
        this.afterLeasedWork();
      };
      this.queue = this.queue.then(release, release);
    }, this.events.leaseMs ?? LEASE_MS);
    this.idleTimer.unref();
  }

  /** Lets go for someone waiting, and gives them a moment before taking the lock again. */
  private yieldLease(): void {
    this.dropLease();
    this.yieldUntil = Date.now() + YIELD_MS;
  }

  private dropLease(): void {
    if (!this.leased) return;
    this.leased = false;
    try {
      // Back to normal locking: SQLite lets its lock go at the next access.
      this.db?.exec("PRAGMA locking_mode = NORMAL");
      this.db?.get("SELECT 1 FROM sqlite_master LIMIT 1");
    } finally {
      this.lock.release();
    }
  }

  /** Takes the mutex once and keeps it, and SQLite's own lock with it, until close(). */
  private async openHeld(): Promise<SqliteDatabase> {
    if (this.db) return this.db;
    const db = await this.openExclusively();
    this.generation++;
    return db;
  }

  /** Takes the mutex, clears a crash's SQLite lock directory, and opens with SQLite's lock held in exclusive mode. */
  private async openExclusively(): Promise<SqliteDatabase> {
    mkdirSync(this.dataDir, { recursive: true });
    await this.lock.acquire();
    try {
      if (clearStaleSqliteLock(this.file)) this.events.onStaleLockCleared?.(`${this.file}.lock`);
      const db = await this.open();
      db.exec("PRAGMA locking_mode = EXCLUSIVE");
      return db;
    } catch (error) {
      this.lock.release();
      throw error;
    }
  }

  private async open(): Promise<SqliteDatabase> {
    if (this.db) return this.db;
    mkdirSync(this.dataDir, { recursive: true });
    // Loaded on first use so the server answers the MCP handshake before WebAssembly compiles.
    const sqlite = await import("node-sqlite3-wasm");
    // A CommonJS module: named under Node's interop, on default under some loaders.
    const { Database } = "Database" in sqlite && sqlite.Database ? sqlite : (sqlite as unknown as { default: typeof sqlite }).default;
    const db = new Database(this.file);
    // NORMAL: a commit is on disk before we answer; a process kill cannot lose it.
    // PERSIST reuses one journal file instead of creating and unlinking it per commit.
    db.exec("PRAGMA journal_mode = PERSIST; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
    migrate(db, this.events.schema?.migrations ?? MIGRATIONS);
    this.db = db;
    return db;
  }
}

export function schemaVersion(db: Sql): number {
  const row = db.get("SELECT MAX(version) AS version FROM schema_migrations") as { version: number | null } | null;
  return row?.version ?? 0;
}

function migrate(db: Sql, migrations: readonly Migration[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  const current = schemaVersion(db);
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(migration.sql);
      db.run("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [migration.version, migration.name, Date.now()]);
      db.exec("COMMIT");
    } catch (error) {
      db.exec("ROLLBACK");
      throw error;
    }
  }
}
