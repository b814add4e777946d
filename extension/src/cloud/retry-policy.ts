// How long to wait before the next delivery attempt, from how the last one failed.

export type SendOutcome =
  | { kind: "delivered" }
  /** The cloud refused the body for good (400, 413, 422): retrying cannot help. */
  | { kind: "rejected"; status: number; detail: string }
  /** The credential was refused (401, 403): wait for a new key rather than hammer the server. */
  | { kind: "unauthorized"; status: number; detail: string }
  /** Network failure, 408, 429 or 5xx: try again later, no sooner than the server asked. */
  | { kind: "retry"; detail: string; retryAfterMs: number | null };

/** Classifies an HTTP status; `retryAfter` is the raw Retry-After header, if any. */
export function outcomeOf(status: number, detail: string, retryAfter: string | null, now: number): SendOutcome {
  if (status >= 200 && status < 300) return { kind: "delivered" };
  if (status === 401 || status === 403) return { kind: "unauthorized", status, detail };
  // A 409 with Retry-After: the same delivery is still running under its Idempotency-Key.
  if (status === 408 || status === 429 || status >= 500 || (status === 409 && retryAfter !== null))
    return { kind: "retry", detail: `HTTP ${status}: ${detail}`, retryAfterMs: parseRetryAfter(retryAfter, now) };
  return { kind: "rejected", status, detail };
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * "Full jitter" exponential backoff (a random delay up to a doubling cap) so many editors coming
 * back online do not retry in step; never sooner than the server's Retry-After.
 */
export function retryDelay(attempts: number, retryAfterMs: number | null, random: number, baseMs = 1_000, capMs = 300_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempts, 30));
  const jittered = Math.round(random * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0, 100);
}
