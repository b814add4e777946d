import { canonicalJson, type JsonValue } from "./canonical-json.js";

/** One field's value and the encoded clock of the write that set it. */
export interface Register {
  readonly value: JsonValue;
  readonly clock: string;
}

/**
 * A last-writer-wins map: per field the register with the greatest clock, and the clock of the
 * latest delete. A register survives only if it was written after that delete, so the state is
 * a join of every write and delete seen: the same set applied in any order gives the same state.
 */
export interface LwwState {
  readonly registers: Readonly<Record<string, Register>>;
  readonly tombstone: string | null;
}

export interface Merge {
  readonly state: LwwState;
  readonly changed: boolean;
}

export const EMPTY_STATE: LwwState = { registers: {}, tombstone: null };

/** Writes every field of the patch with one clock; each field keeps whichever write is later. */
export function applyPatch(state: LwwState, patch: Readonly<Record<string, JsonValue>>, clock: string): Merge {
  if (state.tombstone !== null && clock <= state.tombstone) return { state, changed: false };
  let registers: Record<string, Register> | null = null;
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const candidate: Register = { value, clock };
    const current = state.registers[field];
    if (current && !supersedes(candidate, current)) continue;
    registers ??= { ...state.registers };
    registers[field] = candidate;
  }
  return registers ? { state: { registers, tombstone: state.tombstone }, changed: true } : { state, changed: false };
}

/** A delete at `clock` hides every field written before it, and any write that arrives later with an older clock. */
export function applyDelete(state: LwwState, clock: string): Merge {
  if (state.tombstone !== null && clock <= state.tombstone) return { state, changed: false };
  const registers: Record<string, Register> = {};
  for (const [field, register] of Object.entries(state.registers)) if (register.clock > clock) registers[field] = register;
  return { state: { registers, tombstone: clock }, changed: true };
}

export function isLive(state: LwwState): boolean {
  return Object.keys(state.registers).length > 0;
}

export function newestClock(state: LwwState): string | null {
  let newest: string | null = null;
  for (const register of Object.values(state.registers)) if (newest === null || register.clock > newest) newest = register.clock;
  return newest;
}

/** Equal clocks (a client reusing one) fall back to comparing the values, so the order stays total. */
function supersedes(candidate: Register, current: Register): boolean {
  if (candidate.clock !== current.clock) return candidate.clock > current.clock;
  return canonicalJson(candidate.value) > canonicalJson(current.value);
}
