// The HTTP server's own bundle (dist/http-server.js): loaded only for --http and `keys`, so stdio starts never parse fastify.
import { mkdirSync } from "node:fs";
import { createLogger, type Level } from "../log.js";
import { SERVER_VERSION } from "../version.js";
import { buildApp } from "./app.js";
import { AccessTokens, loadJwtSecret } from "./auth/access-tokens.js";
import { ApiKeyStore } from "./auth/api-keys.js";
import type { HttpOptions, KeysAction } from "./cli-options.js";
import { runKeysAction } from "./keys-command.js";
import { createMetrics } from "./metrics.js";
import { openServerDatabase } from "./server-database.js";

export interface ServeOptions {
  dataDir: string;
  logLevel: Level;
  http: HttpOptions;
}

/** Listens, logs the bound URL, and on SIGTERM/SIGINT drains in-flight requests (bounded), closes the stores and exits 0. */
export async function serveHttp({ dataDir, logLevel, http }: ServeOptions): Promise<void> {
  const bootLog = createLogger(logLevel);
  mkdirSync(dataDir, { recursive: true });
  const serverDatabase = openServerDatabase(dataDir, bootLog);
  const keys = new ApiKeyStore(serverDatabase);
  const tokens = new AccessTokens(loadJwtSecret(dataDir, process.env, bootLog), http.tokenTtlSeconds);
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
    draining: () => draining,
  });
  const address = await app.listen({ port: http.port, host: http.host, listenTextResolver: (url) => `listening on ${url}` });
  baseUrl ||= address;
  // Logged whatever --log-level says: with --port 0 this line is the only way to learn the port.
  app.log.child({}, { level: "info" }).info({ version: SERVER_VERSION, transport: "http", url: address, publicUrl: baseUrl, dataDir, pid: process.pid }, "ready");

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
      serverDatabase.close();
    }
    app.log.info({}, "stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

/** The `keys` subcommand; resolves to the process exit code. */
export function runKeysCommand(dataDir: string, action: KeysAction): Promise<number> {
  const database = openServerDatabase(dataDir, createLogger("warn"));
  return runKeysAction(new ApiKeyStore(database), action, {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  }).finally(() => database.close());
}
