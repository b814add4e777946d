import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import { AWARENESS_HEADERS } from "./awareness/write-outcome.js";

const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE"];

/** What the routes read besides CORS-safelisted headers, and what MCP's Streamable HTTP clients send. */
const REQUEST_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id", "MCP-Protocol-Version", "Mcp-Session-Id", "Last-Event-ID"];

/** Response headers a browser script may read; the safelisted ones (Content-Type, ...) need no mention. */
const RESPONSE_HEADERS = [
  "RateLimit",
  "RateLimit-Policy",
  "Retry-After",
  "X-Request-Id",
  "WWW-Authenticate",
  "Mcp-Session-Id",
  "Allow",
  ...Object.values(AWARENESS_HEADERS),
];

/** Browsers may cache a preflight this long (seconds); Chromium caps it at two hours anyway. */
const PREFLIGHT_MAX_AGE = 600;

/**
 * CORS for the origins given with --allowed-origin, the same list /mcp and /v1/sync check, and
 * none without it. Register it before authentication: a preflight carries no credential, and is
 * answered (204) in this plugin's hook before authentication and the rate limit run. Requests carry
 * bearer credentials, not cookies, so there is no `*` and no Access-Control-Allow-Credentials.
 */
export async function installCors(app: FastifyInstance, allowedOrigins: readonly string[]): Promise<void> {
  if (!allowedOrigins.length) return;
  await app.register(cors, {
    // false: no CORS headers at all for a missing or foreign Origin; true: the request's Origin is echoed.
    origin: (origin, callback) => callback(null, origin !== undefined && allowedOrigins.includes(origin)),
    methods: METHODS,
    allowedHeaders: REQUEST_HEADERS,
    exposedHeaders: RESPONSE_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE,
    credentials: false,
    // An OPTIONS lacking Access-Control-Request-Method gets the same 204, not the plugin's plain-text 400.
    strictPreflight: false,
  });
}
