import { z } from "zod";
import { clockSchema, type SyncServerMessage } from "../../contracts/awareness.js";

/**
 * The /v1/sync WebSocket protocol. Text frames of JSON.
 *
 * Upgrade: GET /v1/sync with Authorization: Bearer <API key or access token> carrying project:read;
 * refused before upgrading with a plain HTTP 401 or 403 (WWW-Authenticate) problem.
 *
 * Client → server, once, within SUBSCRIBE_TIMEOUT_MS of opening:
 *   {"type": "subscribe", "since": "<clock>"}   since: the later of the last change.clock and the
 *                                               last live clock the client saw; absent or null:
 *                                               it holds nothing yet.
 * Server → client (syncServerMessageSchema in the contracts):
 *   {"type": "snapshot"}                        before the replay when it is a snapshot: since was
 *                                               absent, or older than a change compacted away (a
 *                                               delete past the tombstone horizon). The client drops
 *                                               every project and session it holds; the replay then
 *                                               lists the live ones.
 *   {"type": "change", "change": Change}        the user's changes, ascending clock, each once: first
 *                                               the replay (per entity its latest change after since),
 *                                               then live ones as they are committed on any instance.
 *                                               Session changes only with the session:sync scope too.
 *   {"type": "live", "clock": "<clock>"|null}   once, when the replay has caught up: the user's latest
 *                                               change clock; later changes are live.
 *   {"type": "error", "field", "rule"}          a bad client message, just before close 1008.
 * A reconnecting client subscribes from the latest clock it received and misses nothing.
 */
export const SYNC_PATH = "/v1/sync";

export const subscribeMessage = z.strictObject({
  type: z.literal("subscribe", { error: 'must be "subscribe"' }),
  since: clockSchema.nullable().optional(),
});

export type ServerMessage = SyncServerMessage;

export const CLOSE = {
  /** The server is shutting down: reconnect (to another instance) with the last clock. */
  goingAway: 1001,
  /** A message broke the protocol, or no subscribe came in time. */
  policy: 1008,
  /** A frame over the size limit (sent by ws itself). */
  tooBig: 1009,
  /** Replaying from the store failed: reconnect with the last clock. */
  internal: 1011,
  /** The client read too slowly and the send buffer filled: reconnect with the last clock. */
  slowConsumer: 1013,
  /** The credential was revoked or the access token expired while connected: reconnect with a valid one. */
  credentialEnded: 4401,
} as const;

/** A client must subscribe this soon after the upgrade. */
export const SUBSCRIBE_TIMEOUT_MS = 10_000;
/** Largest client frame: a subscribe message is tiny. */
export const MAX_CLIENT_FRAME_BYTES = 4_096;
/** Bytes queued on one socket before its reader counts as too slow. */
export const SEND_BUFFER_LIMIT_BYTES = 1024 * 1024;
/** Live changes held for one socket while its replay runs. */
export const MAX_PENDING_CHANGES = 10_000;
/** Changes read from the store per replay page. */
export const REPLAY_PAGE = 100;
