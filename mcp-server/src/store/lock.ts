import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { CoachError } from "../errors.js";
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";

export class StoreBusyError extends CoachError {
  readonly kind = "busy";

  constructor(path: string, waitedMs: number) {
    super(`The data store is busy: another process has held ${path} for over ${Math.round(waitedMs / 1000)} s. Try again shortly.`);
    this.name = "StoreBusyError";
  }
}

interface Owner {
  pid: number;
  host: string;
  token: string;
  acquiredAt: number;
}

const HOST = hostname();

/** Locks this process holds right now, so a second store on the same folder in one process waits instead of breaking them. */
const heldHere = new Set<string>();

export interface LockOptions {
  /** A holder on another host (whose pid we cannot check) this old is presumed gone. */
  staleMs?: number;
  /** How long to wait for a live holder before giving up. */
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * An inter-process mutex over the data directory: a lock file created exclusively (O_EXCL)
 * holding its owner's pid. Unlike a bare mkdir lock it can tell a crashed holder (pid gone)
 * from a live one, so a SIGKILLed server never blocks the next one.
 */
export class DataDirLock {
  private readonly staleMs: number;
  private readonly timeoutMs: number;
  private token: string | null = null;

  constructor(
    readonly path: string,
    options: LockOptions = {},
  ) {
    this.staleMs = options.staleMs ?? 30_000;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async acquire(): Promise<void> {
    const started = Date.now();
    let delay = 1;
    let signalled = false;
    for (;;) {
      if (this.tryCreate()) {
        // Ours to remove, or one left by a waiter that is gone: a lock free at the first try had no one waiting for it.
        if (signalled || delay === 1) rmSync(this.waitingPath, { force: true });
        return;
      }
      if (this.breakIfStale()) continue;
      if (Date.now() - started > this.timeoutMs) throw new StoreBusyError(this.path, Date.now() - started);
      // Tell a holder that keeps the lock through a burst of work that someone is waiting.
      if (!existsSync(this.waitingPath)) {
        writeFileSync(this.waitingPath, String(process.pid));
        signalled = true;
      }
      await sleep(delay);
      delay = Math.min(25, delay * 2);
    }
  }

  /** Whether another holder-to-be is waiting for this lock. */
  othersWaiting(): boolean {
    return existsSync(this.waitingPath);
  }

  private get waitingPath(): string {
    return `${this.path}.waiting`;
  }

  release(): void {
    if (!this.token) return;
    const token = this.token;
    heldHere.delete(token);
    this.token = null;
    // Remove only our own lock: never one another process holds.
    if (this.readOwner()?.owner?.token === token) unlinkSync(this.path);
  }

  private tryCreate(): boolean {
    try {
      const owner: Owner = { pid: process.pid, host: HOST, token: randomUUID(), acquiredAt: Date.now() };
      writeFileSync(this.path, JSON.stringify(owner), { flag: "wx" });
      this.token = owner.token;
      heldHere.add(owner.token);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
  }

  private readOwner(): { owner: Owner | null; raw: string; ageMs: number } | null {
    try {
      const raw = readFileSync(this.path, "utf8");
      const ageMs = Date.now() - statSync(this.path).mtimeMs;
      try {
        return { owner: JSON.parse(raw) as Owner, raw, ageMs };
      } catch {
        return { owner: null, raw, ageMs };
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  private isStale(state: { owner: Owner | null; ageMs: number }): boolean {
    // An empty or torn file is a creator killed between create and write, once it is a second old.
    if (!state.owner) return state.ageMs > 1_000;
    if (state.owner.host !== HOST) return state.ageMs > this.staleMs;
    if (state.owner.pid === process.pid) return !heldHere.has(state.owner.token);
    // A live holder's lock is never broken, however old: breaking it could let two writers in.
    return !isAlive(state.owner.pid);
  }

  /** Breaks a stale lock under a guard directory so two processes never both break one. */
  private breakIfStale(): boolean {
    const first = this.readOwner();
    if (!first) return true;
    if (!this.isStale(first)) return false;
    const guard = `${this.path}.breaking`;
    try {
      mkdirSync(guard);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        // Breaking takes microseconds; a guard this old was left by a breaker that was killed.
        if (Date.now() - statSync(guard).mtimeMs > 1_000) rmdirSync(guard);
      } catch {
        // Another process removed it first.
      }
      return false;
    }
    try {
      const again = this.readOwner();
      if (again && again.raw === first.raw && this.isStale(again)) unlinkSync(this.path);
      return true;
    } finally {
      rmdirSync(guard);
    }
  }
}

/** node-sqlite3-wasm locks with a "<db>.lock" directory; under our mutex any such directory is a crash's leftover. */
export function clearStaleSqliteLock(databasePath: string): boolean {
  const lockDir = `${databasePath}.lock`;
  if (!existsSync(lockDir)) return false;
  rmdirSync(lockDir);
  return true;
}
