// The HTTP server's own bundle (dist/http-server.js): loaded only for --http and `keys`, so stdio starts never parse fastify.
import { mkdirSync } from "node:fs";
import { Redis } from "ioredis";
import { createLogger, type Level } from "../log.js";
import { SERVER_VERSION } from "../version.js";
import { buildApp } from "./app.js";
import { AccessTokens, loadJwtSecret } from "./auth/access-tokens.js";
import { ApiKeyStore, type CredentialStore } from "./auth/api-keys.js";
import { RedisCredentialStore } from "./auth/redis-credential-store.js";
import { claimAwarenessStore, openAwarenessBackend } from "./awareness/open-store.js";
import type { HttpOptions } from "./cli-options.js";
import type { KeysAction } from "./keys-options.js";
import { runKeysAction } from "./keys-command.js";
import { createMetrics } from "./metrics.js";
import { openServerDatabase } from "./server-database.js";
import { loadSharedSigningKey, loadSigningKey } from "./oauth/keys.js";
import { OAuthService } from "./oauth/oauth-service.js";
import { SqliteOAuthRecords } from "./oauth/records.js";
import { RedisOAuthRecords } from "./oauth/redis-records.js";

export interface ServeOptions {
  dataDir: string;
  logLevel: Level;
  http: HttpOptions;
}

const CLOSE_STORES_MS = 2_000;
const REDIS_START_MS = 10_000;

/** The promise's outcome, or a rejection once `ms` have passed. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export const REDIS_NEEDS_SHARED_SECRET =
  "--redis: set COACH_JWT_SECRET (at least 32 bytes, the same on every instance, e.g. openssl rand -base64 48) so an access token issued by one instance is accepted by the others";

/** Listens, logs the bound URL, and on SIGTERM/SIGINT drains in-flight requests (bounded), closes the stores and exits 0. */
export async function serveHttp({ dataDir, logLevel, http }: ServeOptions): Promise<void> {
  const bootLog = createLogger(logLevel);
  if (http.redisUrl && process.env.COACH_JWT_SECRET === undefined) throw new Error(REDIS_NEEDS_SHARED_SECRET);
  mkdirSync(dataDir, { recursive: true });
  const serverDatabase = openServerDatabase(dataDir, bootLog);
  // With --redis, keys and rate-limit counters are shared by every instance on that Redis.
  const redis = http.redisUrl ? new Redis(http.redisUrl) : null;
  let redisError: Error | null = null;
  redis?.on("error", (error: Error) => {
    redisError = error;
    bootLog.warn("Redis connection error; retrying", { error: error.message });
  });
  // A Redis that is not there at start fails the start, saying so, rather than hanging before "ready".
  if (redis) {
    await within(REDIS_START_MS, redis.ping()).catch((error: Error) => {
      redis.disconnect();
      throw new Error(`--redis: ${http.redisUrl} did not answer within ${REDIS_START_MS / 1000} s: ${(redisError ?? error).message}`);
    });
  }
  const keys: CredentialStore = redis ? new RedisCredentialStore(redis) : new ApiKeyStore(serverDatabase);
  const secret = loadJwtSecret(dataDir, process.env, bootLog);
  const tokens = new AccessTokens(secret, http.tokenTtlSeconds);
  const oauth = new OAuthService({
    records: redis ? new RedisOAuthRecords(redis) : new SqliteOAuthRecords(serverDatabase),
    signingKey: redis ? await loadSharedSigningKey(redis) : await loadSigningKey(dataDir, bootLog),
    secret,
    // A revocation by any process (the keys command too) changes the file, so checked tokens are looked up again.
    storeStamp: redis ? () => null : () => serverDatabase.changeStamp(),
  });
  const awareness = openAwarenessBackend({ dataDir, redisUrl: http.redisUrl, tombstoneHorizonMs: http.tombstoneHorizonSeconds * 1000, log: bootLog });
  await claimAwarenessStore(awareness, dataDir).catch(async (error: unknown) => {
    await awareness.close().catch(() => undefined);
    redis?.disconnect();
    throw error;
  });
  let baseUrl = http.publicUrl ?? "";
  let draining = false;
  const app = await buildApp({
    dataDir,
    options: http,
    logLevel,
    serverDatabase,
    keys,
    tokens,
    metrics: createMetrics(),
    links: { baseUrl: () => baseUrl },
    awareness: awareness.store,
    draining: () => draining,
    oauth,
    ...(redis ? { redis } : {}),
  });
  const address = await app.listen({ port: http.port, host: http.host, listenTextResolver: (url) => `listening on ${url}` });
  baseUrl ||= address;
  await oauth.start(baseUrl, http.publicUrl?.startsWith("https:") ?? false);
  // Logged whatever --log-level says: with --port 0 this line is the only way to learn the port.
  app.log.child({}, { level: "info" }).info(
    {
      version: SERVER_VERSION,
      transport: "http",
      url: address,
      publicUrl: baseUrl,
      dataDir,
      awareness: awareness.kind,
      node: awareness.store.node,
      pid: process.pid,
    },
    "ready",
  );

  const shutdown = async (reason: string) => {
    if (draining) return;
    draining = true;
    app.log.info({ reason, timeoutSeconds: http.shutdownTimeoutSeconds }, "shutting down: finishing in-flight requests");
    const force = setTimeout(() => {
      app.log.warn({ timeoutSeconds: http.shutdownTimeoutSeconds }, "in-flight requests outlived the shutdown timeout; closing their connections");
      app.server.closeAllConnections();
    }, http.shutdownTimeoutSeconds * 1000);
    try {
      await app.close();
    } finally {
      clearTimeout(force);
      app.coach.users.closeAll();
      // Closing waits for Redis's answer; a Redis that is down must not hold the exit (nothing unacknowledged is pending).
      await within(CLOSE_STORES_MS, awareness.close()).catch((error: unknown) => app.log.warn({ err: error }, "closing the awareness store failed"));
      if (redis) await within(CLOSE_STORES_MS, redis.quit()).catch(() => redis.disconnect());
      serverDatabase.close();
    }
    app.log.info({}, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** The `keys` subcommand, on the data dir's keys or (--redis) the shared ones; resolves to the process exit code. */
export function runKeysCommand(dataDir: string, action: KeysAction): Promise<number> {
  const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };
  if (action.redisUrl) {
    // Fail within seconds when Redis cannot be reached, instead of retrying forever.
    const url = action.redisUrl;
    const redis = new Redis(url, { maxRetriesPerRequest: 2, connectTimeout: 5_000, retryStrategy: (times) => (times > 2 ? null : 200) });
    let connectionError: Error | null = null;
    redis.on("error", (error: Error) => (connectionError = error));
    return runKeysAction(new RedisCredentialStore(redis), new RedisOAuthRecords(redis), action, io)
      .catch((error: Error) => {
        io.err(`keys: Redis at ${url} did not answer: ${(connectionError ?? error).message}\n`);
        return 1;
      })
      .finally(() => redis.quit().catch(() => redis.disconnect()));
  }
  const database = openServerDatabase(dataDir, createLogger("warn"));
  return runKeysAction(new ApiKeyStore(database), new SqliteOAuthRecords(database), action, io).finally(() => database.close());
}
