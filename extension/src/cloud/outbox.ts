// The durable queue of awareness changes waiting for the cloud: changes to one project or
// session coalesce per field until a delivery is frozen for sending; a frozen delivery keeps its
// idempotency key and body through every retry, so a resend after a lost reply changes nothing twice.

export type AwarenessEntity = "project" | "session";

export interface AwarenessChange {
  entity: AwarenessEntity;
  id: string;
  fields: Record<string, unknown>;
  /** The hybrid logical clock of the change, in its sortable string form. */
  clock: string;
}

export interface Delivery {
  entity: AwarenessEntity;
  id: string;
  fields: Record<string, unknown>;
  clock: string;
  /** Set when the delivery is first sent; from then on its body never changes. */
  idempotencyKey: string | null;
  attempts: number;
  /** Not sent again before this time (ms since the epoch). */
  notBefore: number;
}

export interface OutboxState {
  version: 1;
  deliveries: Delivery[];
}

export const EMPTY_OUTBOX: OutboxState = { version: 1, deliveries: [] };

/** Adds a change: merged into the last unsent delivery for the same record, else queued after everything else. */
export function enqueue(state: OutboxState, change: AwarenessChange): OutboxState {
  const index = state.deliveries.findLastIndex((d) => d.entity === change.entity && d.id === change.id);
  const last = index >= 0 ? state.deliveries[index] : undefined;
  if (last && last.idempotencyKey === null) {
    const merged: Delivery = { ...last, fields: { ...last.fields, ...change.fields }, clock: change.clock > last.clock ? change.clock : last.clock };
    return { ...state, deliveries: state.deliveries.map((d, i) => (i === index ? merged : d)) };
  }
  const fresh: Delivery = {
    entity: change.entity,
    id: change.id,
    fields: { ...change.fields },
    clock: change.clock,
    idempotencyKey: null,
    attempts: 0,
    notBefore: 0,
  };
  return { ...state, deliveries: [...state.deliveries, fresh] };
}

/** The delivery to send now, frozen with a key: the head of the queue, once its retry time has come. */
export function nextDelivery(state: OutboxState, now: number, newKey: () => string): { state: OutboxState; delivery: Delivery } | null {
  const head = state.deliveries[0];
  if (!head || head.notBefore > now) return null;
  const delivery = head.idempotencyKey === null ? { ...head, idempotencyKey: newKey() } : head;
  return { state: { ...state, deliveries: [delivery, ...state.deliveries.slice(1)] }, delivery };
}

/** The cloud took the delivery (or refused it for good): it leaves the queue. */
export function settle(state: OutboxState, idempotencyKey: string): OutboxState {
  return { ...state, deliveries: state.deliveries.filter((d) => d.idempotencyKey !== idempotencyKey) };
}

/** The send failed in a way worth retrying: same key and body, not before `retryAt`. */
export function deferDelivery(state: OutboxState, idempotencyKey: string, retryAt: number): OutboxState {
  return {
    ...state,
    deliveries: state.deliveries.map((d) => (d.idempotencyKey === idempotencyKey ? { ...d, attempts: d.attempts + 1, notBefore: retryAt } : d)),
  };
}

/** The cloud is reachable again: retry times are cleared; keys, bodies and attempt counts are kept. */
export function dueNow(state: OutboxState): OutboxState {
  return { ...state, deliveries: state.deliveries.map((d) => (d.notBefore > 0 ? { ...d, notBefore: 0 } : d)) };
}

/** The earliest time anything can be sent, or null when the queue is empty. */
export function nextAttemptAt(state: OutboxState): number | null {
  return state.deliveries[0]?.notBefore ?? null;
}

/** Reads a persisted outbox, refusing anything that is not one (a corrupt file must not pass for an empty queue). */
export function parseOutbox(text: string): OutboxState {
  const value = JSON.parse(text) as Partial<OutboxState>;
  if (value.version !== 1 || !Array.isArray(value.deliveries)) throw new Error("not an outbox file (version 1 with a deliveries list)");
  for (const d of value.deliveries) {
    const valid =
      (d.entity === "project" || d.entity === "session") &&
      typeof d.id === "string" &&
      typeof d.clock === "string" &&
      typeof d.fields === "object" &&
      d.fields !== null &&
      (d.idempotencyKey === null || typeof d.idempotencyKey === "string") &&
      Number.isInteger(d.attempts) &&
      Number.isFinite(d.notBefore);
    if (!valid) throw new Error(`outbox file: malformed delivery ${JSON.stringify(d).slice(0, 200)}`);
  }
  return value as OutboxState;
}
