import { CLOCK_PATTERN, CLOCK_RULE } from "./clock.js";
import { CoachInputError } from "../errors.js";

/**
 * A hybrid logical clock (Kulkarni et al. 2014): physical milliseconds, a counter that orders
 * events within one millisecond, and the id of the node that made the event. Time is passed in.
 */
export interface Hlc {
  readonly ms: number;
  readonly counter: number;
  readonly node: string;
}

/** Fifteen decimal digits of milliseconds last until the year 33658. */
const MS_DIGITS = 15;
const COUNTER_DIGITS = 5;
export const MAX_MS = 10 ** MS_DIGITS - 1;
export const MAX_COUNTER = 10 ** COUNTER_DIGITS - 1;
export const DEFAULT_MAX_DRIFT_MS = 60_000;
export const NODE_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

/** A remote clock too far ahead of physical time: accepting it would drag every later clock forward. */
export class ClockDriftError extends CoachInputError {
  constructor(field: string, aheadMs: number, maxDriftMs: number) {
    super(field, `must not be more than ${Math.round(maxDriftMs / 1000)} s ahead of the server's time (it is ${Math.round(aheadMs / 1000)} s ahead)`);
    this.name = "ClockDriftError";
  }
}

export function initialClock(node: string): Hlc {
  if (!NODE_PATTERN.test(node)) throw new CoachInputError("node", "must be 1–64 letters, digits, '_', '.', ':' or '-'");
  return { ms: 0, counter: 0, node };
}

/** A local event: the clock moves to physical time, or counts within the current millisecond. */
export function tick(local: Hlc, now: number): Hlc {
  const physical = Math.floor(now);
  if (physical > local.ms) return { ms: physical, counter: 0, node: local.node };
  return bump(local.ms, local.counter, local.node);
}

/** A message from another node: the result is later than both clocks and never behind physical time. */
export function receive(local: Hlc, remote: Hlc, now: number, maxDriftMs = DEFAULT_MAX_DRIFT_MS, field = "clock"): Hlc {
  const physical = Math.floor(now);
  if (remote.ms - physical > maxDriftMs) throw new ClockDriftError(field, remote.ms - physical, maxDriftMs);
  const ms = Math.max(local.ms, remote.ms, physical);
  if (ms === local.ms && ms === remote.ms) return bump(ms, Math.max(local.counter, remote.counter), local.node);
  if (ms === local.ms) return bump(ms, local.counter, local.node);
  if (ms === remote.ms) return bump(ms, remote.counter, local.node);
  return { ms, counter: 0, node: local.node };
}

/** The earliest clock of `node` that is later than `head` and no earlier than `candidate`. */
export function laterThan(head: Hlc | null, candidate: Hlc): Hlc {
  if (!head || compareClocks(candidate, head) > 0) return candidate;
  return bump(head.ms, head.counter, candidate.node);
}

/** Total order: milliseconds, then counter, then node id by code unit, as the encoding sorts. */
export function compareClocks(a: Hlc, b: Hlc): -1 | 0 | 1 {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.node === b.node) return 0;
  return a.node < b.node ? -1 : 1;
}

/** Fixed-width digits first, so byte order of encodings (Redis lex ranges, SQLite BINARY) is clock order. */
export function encodeClock(clock: Hlc): string {
  if (!Number.isInteger(clock.ms) || clock.ms < 0 || clock.ms > MAX_MS)
    throw new CoachInputError("clock", `milliseconds must be an integer from 0 to ${MAX_MS}`);
  if (!Number.isInteger(clock.counter) || clock.counter < 0 || clock.counter > MAX_COUNTER)
    throw new CoachInputError("clock", `counter must be an integer from 0 to ${MAX_COUNTER}`);
  if (!NODE_PATTERN.test(clock.node)) throw new CoachInputError("clock", "node must be 1–64 letters, digits, '_', '.', ':' or '-'");
  return `${String(clock.ms).padStart(MS_DIGITS, "0")}-${String(clock.counter).padStart(COUNTER_DIGITS, "0")}-${clock.node}`;
}

export function parseClock(text: unknown, field = "clock"): Hlc {
  const match = typeof text === "string" ? CLOCK_PATTERN.exec(text) : null;
  if (!match) throw new CoachInputError(field, CLOCK_RULE);
  return { ms: Number(match[1]), counter: Number(match[2]), node: match[3]! };
}

/** The physical milliseconds of an encoded clock, read from its fixed-width prefix. */
export function clockMs(encoded: string): number {
  return Number(encoded.slice(0, MS_DIGITS));
}

/** Counter overflow spills into the next millisecond, as logical time may run a little ahead. */
function bump(ms: number, counter: number, node: string): Hlc {
  return counter < MAX_COUNTER ? { ms, counter: counter + 1, node } : { ms: ms + 1, counter: 0, node };
}
