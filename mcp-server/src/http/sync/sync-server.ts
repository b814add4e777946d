import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance } from "fastify";
import { WebSocketServer } from "ws";
import type { AwarenessStore } from "../../awareness/awareness-store.js";
import { insufficientScope, type Authenticator } from "../auth/authenticate.js";
import type { Principal } from "../auth/principal.js";
import { isAllowedOrigin, type HostGuard } from "../host-check.js";
import { requestIdOf } from "../logging.js";
import type { Metrics } from "../metrics.js";
import { PROBLEM_TYPES, ProblemError } from "../problem.js";
import type { CredentialBudget } from "../rate-limit.js";
import { BEARER_SUBPROTOCOL_PREFIX, SYNC_SUBPROTOCOL } from "../../contracts/awareness.js";
import { MAX_CLIENT_FRAME_BYTES, SYNC_PATH } from "./protocol.js";
import { SyncConnection } from "./sync-connection.js";
import { SyncHub } from "./sync-hub.js";

export interface SyncOptions {
  store: AwarenessStore;
  authenticator: Authenticator;
  metrics: Metrics;
  /** Browser origins allowed, as for /mcp; requests without an Origin pass. */
  allowedOrigins: readonly string[];
  /** DNS-rebinding protection for the upgrade, as the hooks give every other request. */
  hostGuard: HostGuard;
  heartbeatSeconds: number;
  /** The per-credential request budget; each upgrade spends from it as a request does. */
  budget: CredentialBudget;
  /** Sockets one credential may hold open on this instance at once. */
  maxSocketsPerCredential: number;
  draining(): boolean;
}

export const SYNC_PROBLEMS = {
  tooManySockets: "urn:interview-coach:problem:too-many-sockets",
} as const;

/** How long a socket has to answer the 1001 close at shutdown before it is cut. */
const SHUTDOWN_GRACE_MS = 1_000;

/** An upgrade refused before any WebSocket exists: a plain HTTP response with a problem body. */
function refuse(socket: Duplex, problem: ProblemError, requestId: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ type: problem.type, title: problem.title, status: problem.status, detail: problem.message, requestId });
  const headers: Record<string, string | number> = {
    "content-type": "application/problem+json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    connection: "close",
    "x-request-id": requestId,
    ...problem.headers,
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  socket.end(`HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\n${head.join("\r\n")}\r\n\r\n${body}`);
}

/**
 * /v1/sync: the WebSocket that pushes the caller's awareness changes (see protocol.ts). Upgrades
 * bypass fastify's hooks, so authentication, scope and origin are checked here before upgrading.
 */
export async function syncRoute(app: FastifyInstance, options: SyncOptions): Promise<void> {
  const log = app.log.child({ component: "sync" });
  const hub = new SyncHub(options.store);
  await hub.start();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    clientTracking: false,
    // The credential a browser offers as a subprotocol is never echoed: only the sync protocol is selected.
    handleProtocols: (protocols) => (protocols.has(SYNC_SUBPROTOCOL) ? SYNC_SUBPROTOCOL : false),
  });
  const connections = new Set<SyncConnection>();
  let closing = false;

  /** The Authorization header, or a browser's credential offered as a subprotocol beside SYNC_SUBPROTOCOL. */
  const credentialOf = (req: IncomingMessage): string | undefined => {
    if (req.headers.authorization !== undefined) return req.headers.authorization;
    const offered = (req.headers["sec-websocket-protocol"] ?? "").split(",").map((protocol) => protocol.trim());
    const bearer = offered.find((protocol) => protocol.startsWith(BEARER_SUBPROTOCOL_PREFIX));
    return bearer && offered.includes(SYNC_SUBPROTOCOL) ? `Bearer ${bearer.slice(BEARER_SUBPROTOCOL_PREFIX.length)}` : undefined;
  };

  const authorize = async (req: IncomingMessage, credential: string | undefined): Promise<Principal> => {
    if (closing || options.draining())
      throw new ProblemError(503, "The server is shutting down; connect to another instance.", { type: PROBLEM_TYPES.unavailable });
    const wrongHost = options.hostGuard(req.headers.host);
    if (wrongHost) throw wrongHost;
    const principal = await options.authenticator.authenticate(credential);
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, req.headers.host, options.allowedOrigins, principal)) {
      throw new ProblemError(403, `Origin ${origin} may not open ${SYNC_PATH} (--allowed-origin).`, {
        type: PROBLEM_TYPES.forbiddenOrigin,
        title: "Origin not allowed",
      });
    }
    if (!principal.scopes.includes("project:read")) throw insufficientScope(["project:read"]);
    const spent = await options.budget.spend(principal.credentialId);
    if (spent.refused) throw spent.refused;
    return principal;
  };

  const open = new Map<string, number>();
  /** Counts the socket against its credential until the connection closes, or refuses it over the cap. */
  const reserve = (socket: Duplex, credentialId: string): void => {
    const count = open.get(credentialId) ?? 0;
    if (count >= options.maxSocketsPerCredential) {
      throw new ProblemError(
        429,
        `This credential already has ${count} open ${SYNC_PATH} sockets on this server, the most allowed (--sync-max-sockets); close one first.`,
        {
          type: SYNC_PROBLEMS.tooManySockets,
          title: "Too many open sockets",
        },
      );
    }
    open.set(credentialId, count + 1);
    // The raw socket closes however the upgrade ends: refused by ws, or the WebSocket closed later.
    socket.once("close", () => {
      const left = (open.get(credentialId) ?? 1) - 1;
      if (left > 0) open.set(credentialId, left);
      else open.delete(credentialId);
    });
  };

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const requestId = requestIdOf(req);
    const path = (req.url ?? "/").split("?")[0];
    let principal: Principal;
    const credential = credentialOf(req);
    try {
      if (path !== SYNC_PATH) throw new ProblemError(404, `No WebSocket at ${path}; the sync socket is ${SYNC_PATH}.`);
      principal = await authorize(req, credential);
      if (socket.destroyed) return;
      reserve(socket, principal.credentialId);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      log.info({ requestId, url: path, status: error.status }, "sync upgrade refused");
      return refuse(socket, error, requestId);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connectionLog = log.child({ requestId, userId: principal.userId, credentialId: principal.credentialId });
      const connection = new SyncConnection(ws, principal, credential, { ...options, hub, log: connectionLog });
      connections.add(connection);
      ws.once("close", () => connections.delete(connection));
      connectionLog.info({}, "sync socket opened");
    });
  };

  // Without an Upgrade header the request reaches the routes: say what the path is rather than 404.
  app.openapi.exclude(SYNC_PATH, "the sync WebSocket, an HTTP upgrade (see the awareness docs)");
  app.get(SYNC_PATH, { config: { public: true } }, async () => {
    throw new ProblemError(426, `${SYNC_PATH} is a WebSocket: open it with Upgrade: websocket.`, { headers: { upgrade: "websocket" } });
  });

  app.server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Errors on a socket not yet handed to ws would otherwise be unhandled.
    socket.on("error", (error) => log.debug({ err: error }, "upgrade socket error"));
    upgrade(req, socket, head).catch((error: unknown) => {
      log.error({ err: error }, "sync upgrade failed");
      refuse(socket, new ProblemError(500, "The server failed to open the socket; it is logged under this request id."), requestIdOf(req));
    });
  });

  const heartbeat = setInterval(() => {
    for (const connection of connections) connection.heartbeat().catch((error: unknown) => log.warn({ err: error }, "sync heartbeat failed"));
  }, options.heartbeatSeconds * 1000);
  heartbeat.unref();

  // Before the server stops listening: open sockets would otherwise hold the shutdown until they end.
  app.addHook("preClose", async () => {
    closing = true;
    clearInterval(heartbeat);
    await Promise.all([...connections].map((connection) => connection.shutdown(SHUTDOWN_GRACE_MS)));
  });
  app.addHook("onClose", async () => {
    wss.close();
    await hub.stop();
  });
}
