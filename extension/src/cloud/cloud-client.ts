// The cloud API as the forwarder needs it: PUT one project or session with its idempotency key.
import type { Delivery } from "./outbox.js";
import { outcomeOf, type SendOutcome } from "./retry-policy.js";

const REQUEST_TIMEOUT_MS = 15_000;
const COLLECTIONS = { project: "projects", session: "sessions" } as const;

/** The problem body's detail, or the start of whatever else came back, for the log and the status bar. */
export async function detailOf(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
    if (typeof problem.detail === "string") return problem.detail;
    if (typeof problem.title === "string") return problem.title;
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return text.slice(0, 200) || response.statusText;
}

export function cloudSender(endpoint: string, credential: () => Promise<string | undefined>): (delivery: Delivery) => Promise<SendOutcome> {
  const base = endpoint.replace(/\/+$/, "");
  return async (delivery) => {
    const key = await credential();
    if (!key) return { kind: "unauthorized", status: 401, detail: "no API key set (Interview Coach: Set Cloud API Key)" };
    const response = await fetch(`${base}/v1/${COLLECTIONS[delivery.entity]}/${encodeURIComponent(delivery.id)}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": delivery.idempotencyKey! },
      body: JSON.stringify({ ...delivery.fields, clock: delivery.clock }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const detail = response.ok ? "" : await detailOf(response);
    if (response.ok) await response.arrayBuffer();
    return outcomeOf(response.status, detail, response.headers.get("retry-after"), Date.now());
  };
}
