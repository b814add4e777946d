import type { FastifyInstance } from "fastify";
import { SERVER_VERSION } from "../../version.js";
import { tokenOperation } from "./auth-token.js";
import { buildDocument, type OpenApiDocument } from "./document.js";
import { installOpenApiRegistry } from "./registry.js";

export {
  describeRoute,
  DESCRIPTION_LIMIT,
  queryReader,
  withStatus,
  type OperationDescription,
  type RouteDescription,
  type RouteInput,
} from "./describe-route.js";
export { headerName, RETRY_AFTER, type ResponseHeader, type ResponseHeaders } from "./headers.js";
export type { OpenApiRegistry, RouteCoverage } from "./registry.js";

const INFO = {
  title: "Digital Twin Interview Coach API",
  version: SERVER_VERSION,
  description:
    "The person's interview coach over REST, for GPT Actions and other HTTP clients: score answers with the rubric, run A/B trials of answer strategies, " +
    "record practice, and read analytics, recommendations, milestones, questions and STAR stories. Each credential sees only its own user's data.",
};

/**
 * app.openapi (the registry describeRoute feeds) and GET /openapi.json, public. Call it before
 * the routes are registered: it documents what is registered after it, and warns at startup
 * about any route that is neither described nor excluded.
 */
export function installOpenApi(app: FastifyInstance): void {
  const registry = installOpenApiRegistry(app);
  registry
    .exclude("/livez", "liveness probe")
    .exclude("/readyz", "readiness probe")
    .exclude("/metrics", "Prometheus scrape")
    .exclude("/mcp", "remote MCP over Streamable HTTP, described by MCP's own tools/list")
    .exclude("/openapi.json", "this document")
    .tag("Auth", "Access tokens for API keys.")
    .document(tokenOperation(app.coach.tokens.maxTtlSeconds));

  let document: OpenApiDocument | null = null;
  app.addHook("onReady", async () => {
    // Built once every route is known, so a schema zod cannot express fails the start, not a client.
    document = buildDocument(registry.operations(), registry.tags, INFO);
    const { documented, excluded, undocumented, stale } = registry.coverage();
    app.log.info({ operations: documented, excluded, undocumented }, "openapi document built");
    if (undocumented.length || stale.length) {
      app.log.warn(
        { undocumented, stale },
        "routes missing from /openapi.json: register them with describeRoute, app.openapi.document() or app.openapi.exclude()",
      );
    }
  });

  app.get("/openapi.json", { config: { public: true } }, async () => {
    const { openapi, info, ...rest } = document!;
    return { openapi, info, servers: [{ url: app.coach.links.baseUrl() }], ...rest };
  });
}
