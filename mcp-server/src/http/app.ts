import { performance } from "node:perf_hooks";
import Fastify, { type FastifyInstance } from "fastify";
import type { AwarenessStore } from "../awareness/awareness-store.js";
import type { Level } from "../log.js";
import type { CoachDatabase } from "../store/database.js";
import type { AccessTokens } from "./auth/access-tokens.js";
import type { CredentialStore } from "./auth/api-keys.js";
import { Authenticator, installAuthentication } from "./auth/authenticate.js";
import { awarenessRoutes } from "./awareness/awareness-routes.js";
import type { HttpOptions } from "./cli-options.js";
import type { ConnectorLinks } from "../tools/connector-documents.js";
import { installCors } from "./cors.js";
import type { OAuthService } from "./oauth/oauth-service.js";
import { oauthRoutes } from "./oauth/oauth-routes.js";
import { coachLogger, completedRequests, requestIdOf, serverLogger } from "./logging.js";
import { installRequestLines, RequestLines } from "./request-log.js";
import { requestLogger } from "./request-logger.js";
import { installHttpMetrics, type Metrics } from "./metrics.js";
import { hostGuard } from "./host-check.js";
import { frameworkProblem, installProblemHandlers, MAX_PARAM_LENGTH } from "./problem.js";
import { installRateLimit, type RateLimitSettings } from "./rate-limit.js";
import { healthRoutes } from "./routes/health.js";
import { mcpRoutes } from "./routes/mcp.js";
import { metricsRoute } from "./routes/metrics.js";
import { installOpenApi } from "./openapi/index.js";
import { restRoutes } from "./rest/routes.js";
import { tokenRoute } from "./routes/token.js";
import { syncRoute } from "./sync/sync-server.js";
import { UserContexts } from "./user-contexts.js";

export interface AppDependencies {
  dataDir: string;
  options: HttpOptions;
  logLevel: Level;
  serverDatabase: CoachDatabase;
  keys: CredentialStore;
  tokens: AccessTokens;
  metrics: Metrics;
  links: ConnectorLinks;
  /** Projects, sessions and their change feed: SQLite in the data dir, or Redis shared by instances. */
  awareness: AwarenessStore;
  draining(): boolean;
  /** An ioredis client for the rate-limit counters when instances share a Redis. */
  redis?: RateLimitSettings["redis"];
  /** The OAuth authorization server and its token check. */
  oauth?: OAuthService;
}

/** What routes added on top of this app need, as `app.coach`. */
export interface CoachServices {
  users: UserContexts;
  keys: CredentialStore;
  tokens: AccessTokens;
  /** For requests that bypass the hooks (WebSocket upgrades): `await app.coach.authenticator.authenticate(req.headers.authorization)`. */
  authenticator: Authenticator;
  options: HttpOptions;
  links: ConnectorLinks;
}

declare module "fastify" {
  interface FastifyInstance {
    coach: CoachServices;
  }
}

/**
 * The HTTP app: request ids and logs, metrics, problem bodies, CORS, authentication, per-credential
 * rate limits, then the routes. Hooks run in this order for every request.
 */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  const completed = completedRequests(deps.logLevel, deps.metrics.httpRequestDuration);
  const lines = new RequestLines(completed);
  const app = Fastify({
    // Off: the server's own logger is app.log, requests log through its children, and RequestLines writes the request lines (see serverLogger).
    logger: false,
    logController: lines,
    childLoggerFactory: requestLogger,
    genReqId: requestIdOf,
    requestIdHeader: false,
    bodyLimit: deps.options.bodyLimitBytes,
    // Fastify's default of 100 is shorter than the 128-character ids the API accepts.
    maxParamLength: MAX_PARAM_LENGTH,
    frameworkErrors: frameworkProblem,
    // Requests arriving once shutdown began get 503 with Connection: close, so balancers move on.
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  app.log = serverLogger(deps.logLevel);
  const users = new UserContexts(deps.dataDir, (userId) => coachLogger(app.log.child({ userId })));
  const { oauth } = deps;
  const authenticator = new Authenticator(deps.keys, deps.tokens, oauth ? { tokens: oauth.tokens, hints: (path) => oauth.hints(path) } : undefined);
  app.decorate("coach", { users, keys: deps.keys, tokens: deps.tokens, authenticator, options: deps.options, links: deps.links });

  installHttpMetrics(app, deps.metrics);
  app.addHook("onClose", async () => completed.close());
  installProblemHandlers(app);
  installRequestLines(app, lines);
  const hosts = hostGuard(deps.options);
  // First for every request, in one callback hook: its start, its id back on the response, then the Host check (DNS rebinding).
  app.addHook("onRequest", (request, reply, done) => {
    request.startedAt = performance.now();
    reply.header("x-request-id", request.id);
    done(hosts(request.headers.host) ?? undefined);
  });
  await installCors(app, deps.options.allowedOrigins);
  installAuthentication(app, authenticator);
  const budget = await installRateLimit(app, { ...deps.options.rateLimit, redis: deps.redis });
  installOpenApi(app);

  healthRoutes(app, { serverDatabase: deps.serverDatabase, pings: [() => deps.awareness.ping()], draining: deps.draining });
  metricsRoute(app, deps.metrics, deps.options.metricsPublic, completed);
  tokenRoute(app, { keys: deps.keys, tokens: deps.tokens });
  mcpRoutes(app, { users, allowedOrigins: deps.options.allowedOrigins, links: deps.links, metrics: deps.metrics });
  awarenessRoutes(app, { store: deps.awareness, metrics: deps.metrics });
  await syncRoute(app, {
    store: deps.awareness,
    authenticator,
    metrics: deps.metrics,
    allowedOrigins: deps.options.allowedOrigins,
    hostGuard: hosts,
    heartbeatSeconds: deps.options.syncHeartbeatSeconds,
    budget,
    maxSocketsPerCredential: deps.options.syncMaxSockets,
    draining: deps.draining,
  });
  restRoutes(app);
  if (oauth) await oauthRoutes(app, oauth, deps.keys);
  return app;
}
