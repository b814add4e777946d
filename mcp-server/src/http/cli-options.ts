import { SCOPES } from "./auth/scopes.js";

/** How the HTTP server runs; everything here comes from the command line. */
export interface HttpOptions {
  port: number;
  host: string;
  /** The URL clients reach this server at (behind a proxy or TLS); null: derived from the bound address. */
  publicUrl: string | null;
  allowedOrigins: string[];
  metricsPublic: boolean;
  rateLimit: { max: number; windowSeconds: number };
  tokenTtlSeconds: number;
  bodyLimitBytes: number;
  shutdownTimeoutSeconds: number;
  /** Awareness state, its WebSocket fan-out, API keys and rate-limit counters in this Redis; null: SQLite in the data dir. */
  redisUrl: string | null;
  /** Seconds between pings on /v1/sync; a socket that missed the previous pong is closed. */
  syncHeartbeatSeconds: number;
  /** /v1/sync sockets one credential may hold open on one instance. */
  syncMaxSockets: number;
  /** How long a deleted project's tombstone stays in the change feed before it is compacted. */
  tombstoneHorizonSeconds: number;
}

/** The flags parseArgs reads for HTTP mode, besides --http itself. */
export const HTTP_FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  "public-url": { type: "string" },
  "allowed-origin": { type: "string", multiple: true },
  "metrics-public": { type: "string" },
  "rate-limit": { type: "string" },
  "rate-limit-window": { type: "string" },
  "token-ttl": { type: "string" },
  "body-limit": { type: "string" },
  "shutdown-timeout": { type: "string" },
  redis: { type: "string" },
  "sync-heartbeat": { type: "string" },
  "sync-max-sockets": { type: "string" },
  "tombstone-horizon": { type: "string" },
} as const;

type HttpFlagValues = { [K in keyof typeof HTTP_FLAGS]?: (typeof HTTP_FLAGS)[K] extends { multiple: true } ? string[] : string };

export const HTTP_HELP = `HTTP mode (remote MCP for ChatGPT connectors and other remote clients):
  --http                 Serve HTTP instead of stdio: /mcp, /api/v1 (REST), /openapi.json,
                         /v1/auth/token, /v1/projects, /v1/sessions, /v1/changes, /v1/audit-log,
                         the /v1/sync WebSocket, /livez, /readyz, /metrics
  --port N               Port to listen on; 0 picks a free one (default: 8080). The bound URL is logged
  --host HOST            Address to bind (default: 127.0.0.1; put TLS in front before binding wider)
  --public-url URL       The URL clients use to reach this server (default: the bound address)
  --allowed-origin O     A browser Origin allowed to call this server, e.g. https://app.example.com
                         (repeatable): CORS lets its pages call every route, /mcp and /v1/sync
                         included. Requests without Origin pass; any other Origin gets no CORS
                         headers, and 403 from /mcp and /v1/sync (default: none)
  --metrics-public B     true: /metrics needs no credential (default); false: it needs one
  --rate-limit N         Requests per credential per window, /v1/sync upgrades included (default: 120)
  --rate-limit-window S  The rate-limit window in seconds (default: 60)
  --token-ttl S          Lifetime of access tokens from /v1/auth/token in seconds (default: 900)
  --body-limit BYTES     Largest request body accepted (default: 262144)
  --shutdown-timeout S   How long SIGTERM waits for in-flight requests (default: 10)
  --sync-heartbeat S     Seconds between pings on /v1/sync; a socket silent for two is closed (default: 30)
  --sync-max-sockets N   /v1/sync sockets one credential may hold open on this instance; past it an
                         upgrade gets 429 (default: 20)
  --tombstone-horizon S  Seconds a delete stays in the change feed before it is compacted; a client
                         that last synced before a compacted delete gets a full snapshot
                         (default: 2592000, 30 days)
  --redis URL            Share state between instances through this Redis (redis:// or rediss://):
                         projects, sessions, their change feed, API keys and rate-limit counters.
                         Needs COACH_JWT_SECRET (32+ bytes, the same on every instance)
  Each user's data lives in DIR/users/<user id>; the API keys in DIR/server.sqlite (in Redis with
  --redis); projects and sessions in DIR/awareness.sqlite (in Redis with --redis).

API keys (for HTTP mode; each key is shown once, stored as a hash):
  keys create --user ID --scope SCOPE [--scope SCOPE ...] [--name NAME] [--data-dir DIR | --redis URL]
  keys list [--user ID] [--json] [--data-dir DIR | --redis URL]
  keys revoke KEY_ID [--data-dir DIR | --redis URL]
  Scopes: ${SCOPES.join(", ")}

Apps connected with OAuth (ChatGPT, Claude, mcp-remote):
  keys sign-in-code --user ID [--data-dir DIR | --redis URL]
                         Prints a one-time code that signs ID in at /authorize (10 minutes, once)
  keys apps [--user ID] [--json] [--data-dir DIR | --redis URL]
                         The apps each user connected, with what they may do
  keys service-client --user ID --scope SCOPE [--scope SCOPE ...] [--name NAME] [--data-dir DIR | --redis URL]
                         A client for service-to-service use (client_credentials) acting for ID;
                         prints its client id and secret (shown once)
  keys disconnect ID [--data-dir DIR | --redis URL]
                         Ends an app's or service client's access: its tokens stop working at once
`;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function integer(flag: string, raw: string | undefined, fallback: number, min: number, max: number): Parsed<number> {
  if (raw === undefined) return { ok: true, value: fallback };
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    return { ok: false, error: `--${flag}: must be a whole number from ${min} to ${max}; got "${raw}"` };
  return { ok: true, value: Number(raw) };
}

function httpUrl(flag: string, raw: string, what: string): Parsed<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: `--${flag}: must be ${what}; got "${raw}"` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, error: `--${flag}: must use http or https; got "${raw}"` };
  return { ok: true, value: url };
}

/** Reads the HTTP flags; null when the server runs on stdio and none was given. */
export function parseHttpOptions(http: boolean, values: HttpFlagValues): Parsed<HttpOptions | null> {
  const given = (Object.keys(HTTP_FLAGS) as (keyof typeof HTTP_FLAGS)[]).filter((flag) => values[flag] !== undefined);
  if (!http) return given.length ? { ok: false, error: `--${given[0]}: only with --http` } : { ok: true, value: null };
  const port = integer("port", values.port, 8080, 0, 65535);
  if (!port.ok) return port;
  const host = values.host ?? "127.0.0.1";
  if (!host.trim()) return { ok: false, error: "--host: must not be empty" };
  let publicUrl: string | null = null;
  if (values["public-url"] !== undefined) {
    const url = httpUrl("public-url", values["public-url"], "an absolute URL such as https://coach.example.com");
    if (!url.ok) return url;
    if (url.value.search || url.value.hash) return { ok: false, error: `--public-url: must have no query or fragment; got "${values["public-url"]}"` };
    publicUrl = url.value.href.replace(/\/+$/, "");
  }
  const allowedOrigins: string[] = [];
  for (const raw of values["allowed-origin"] ?? []) {
    const url = httpUrl("allowed-origin", raw, "an origin such as https://chatgpt.com");
    if (!url.ok) return url;
    if (url.value.origin !== raw.replace(/\/$/, ""))
      return { ok: false, error: `--allowed-origin: must be an origin (scheme, host and optional port, no path); got "${raw}"` };
    allowedOrigins.push(url.value.origin);
  }
  const metrics = values["metrics-public"] ?? "true";
  if (metrics !== "true" && metrics !== "false") return { ok: false, error: `--metrics-public: must be true or false; got "${metrics}"` };
  const max = integer("rate-limit", values["rate-limit"], 120, 1, 1_000_000);
  if (!max.ok) return max;
  const window = integer("rate-limit-window", values["rate-limit-window"], 60, 1, 86_400);
  if (!window.ok) return window;
  const ttl = integer("token-ttl", values["token-ttl"], 900, 1, 86_400);
  if (!ttl.ok) return ttl;
  const bodyLimit = integer("body-limit", values["body-limit"], 262_144, 1_024, 64 * 1024 * 1024);
  if (!bodyLimit.ok) return bodyLimit;
  const shutdown = integer("shutdown-timeout", values["shutdown-timeout"], 10, 1, 600);
  if (!shutdown.ok) return shutdown;
  const heartbeat = integer("sync-heartbeat", values["sync-heartbeat"], 30, 1, 3_600);
  if (!heartbeat.ok) return heartbeat;
  const maxSockets = integer("sync-max-sockets", values["sync-max-sockets"], 20, 1, 10_000);
  if (!maxSockets.ok) return maxSockets;
  const horizon = integer("tombstone-horizon", values["tombstone-horizon"], 30 * 86_400, 3_600, 3_650 * 86_400);
  if (!horizon.ok) return horizon;
  const redis = values.redis === undefined ? null : redisUrl("redis", values.redis);
  if (redis && !redis.ok) return redis;
  return {
    ok: true,
    value: {
      port: port.value,
      host,
      publicUrl,
      allowedOrigins,
      metricsPublic: metrics === "true",
      rateLimit: { max: max.value, windowSeconds: window.value },
      tokenTtlSeconds: ttl.value,
      bodyLimitBytes: bodyLimit.value,
      shutdownTimeoutSeconds: shutdown.value,
      redisUrl: redis ? redis.value : null,
      syncHeartbeatSeconds: heartbeat.value,
      syncMaxSockets: maxSockets.value,
      tombstoneHorizonSeconds: horizon.value,
    },
  };
}

export function redisUrl(flag: string, raw: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, error: `--${flag}: must be a Redis URL such as redis://127.0.0.1:6379; got "${raw}"` };
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") return { ok: false, error: `--${flag}: must use redis:// or rediss://; got "${raw}"` };
  return { ok: true, value: raw };
}
