// Every VS Code window runs its own extension host, and a forwarder rewrites its whole outbox file
// on each change: one shared file would let two windows drop each other's changes. So each host
// process keeps its own file, and takes over the files of hosts that have exited (a closed window,
// a crash, a restart), which is how a queue survives until the next start.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import * as path from "node:path";
import { OutboxFile } from "./outbox-file.js";
import { EMPTY_OUTBOX, parseOutbox, type OutboxState } from "./outbox.js";

const OWN = /^outbox\.(\d+)\.json$/;
const CLAIMED = /^outbox\.\d+\.json\.claimed-by-(\d+)$/;
const TEMP = /^outbox\.\d+\.json\.(\d+)\.tmp$/;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface ClaimResult {
  file: OutboxFile;
  /** Deliveries taken over from exited hosts. */
  adopted: number;
  /** Files that could not be read, left in place (renamed *.unreadable) for a person to look at. */
  problems: string[];
}

/**
 * This process's outbox in `dir`, with the queues of exited processes appended in front of its
 * own (theirs are older). A file is claimed by renaming it first, so two windows starting at once
 * never both adopt it; the merged queue is saved before the claimed file is removed, so a crash
 * in between at worst resends deliveries with their own idempotency keys, which changes nothing.
 */
export function claimOutbox(dir: string, pid = process.pid, alive: (pid: number) => boolean = processAlive): ClaimResult {
  mkdirSync(dir, { recursive: true });
  const file = new OutboxFile(path.join(dir, `outbox.${pid}.json`));
  const problems: string[] = [];
  const claimed: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    const own = OWN.exec(name);
    const leftover = CLAIMED.exec(name);
    const temp = TEMP.exec(name);
    if (temp && Number(temp[1]) !== pid && !alive(Number(temp[1]))) rmSync(full, { force: true });
    if (own && Number(own[1]) !== pid && !alive(Number(own[1]))) {
      const target = `${full}.claimed-by-${pid}`;
      try {
        renameSync(full, target);
        claimed.push(target);
      } catch (error) {
        // Another window claimed it first.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    } else if (leftover && (Number(leftover[1]) === pid || !alive(Number(leftover[1])))) {
      claimed.push(full);
    }
  }
  // A file that does not parse is kept aside, never read as an empty queue and overwritten.
  const read = (target: string): OutboxState | null => {
    try {
      return parseOutbox(readFileSync(target, "utf8"));
    } catch (error) {
      problems.push(`${path.basename(target)}: ${(error as Error).message}`);
      renameSync(target, `${target}.unreadable`);
      return null;
    }
  };
  const mine = existsSync(file.file) ? read(file.file) : EMPTY_OUTBOX;
  if (claimed.length === 0 && mine !== null) return { file, adopted: 0, problems };
  const adopted = claimed.map((target) => ({ target, state: read(target) })).filter((c) => c.state !== null);
  const deliveries = adopted.flatMap((c) => c.state!.deliveries);
  file.save({ version: 1, deliveries: [...deliveries, ...(mine ?? EMPTY_OUTBOX).deliveries] });
  for (const { target } of adopted) rmSync(target, { force: true });
  return { file, adopted: deliveries.length, problems };
}
