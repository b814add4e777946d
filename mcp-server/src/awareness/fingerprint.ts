import { createHash } from "node:crypto";
import { canonicalJson, type JsonValue } from "./canonical-json.js";

export interface FingerprintedRequest {
  method: string;
  /** The path without the query string, e.g. /v1/projects/interview-acme. */
  path: string;
  body: JsonValue | undefined;
}

/** What makes two requests "the same" for an idempotency key: method, path and body, key order ignored. */
export function requestFingerprint(request: FingerprintedRequest): string {
  const canonical = canonicalJson([request.method.toUpperCase(), request.path, request.body ?? null]);
  return createHash("sha256").update(canonical).digest("hex");
}
