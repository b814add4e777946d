import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { isJSONRPCErrorResponse, isJSONRPCRequest, isJSONRPCResultResponse } from "@modelcontextprotocol/sdk/types.js";
import type { FastifyInstance, onRequestAsyncHookHandler } from "fastify";
import type { Histogram } from "prom-client";
import { createServer } from "../../server.js";
import { connectorFetch } from "../../tools/fetch.js";
import { TOOLS } from "../../tools/index.js";
import { connectorSearch } from "../../tools/search.js";
import { registerTool, type ToolDefinition } from "../../tools/tool.js";
import { principalOf } from "../auth/principal.js";
import { requireScope } from "../auth/authenticate.js";
import type { ConnectorLinks } from "../../tools/connector-documents.js";
import { isAllowedOrigin } from "../host-check.js";
import type { Metrics } from "../metrics.js";
import { PROBLEM_TYPES, ProblemError } from "../problem.js";
import type { UserContexts } from "../user-contexts.js";
import { lineWhenFinished } from "../request-log.js";

export interface McpRouteOptions {
  users: UserContexts;
  allowedOrigins: readonly string[];
  links: ConnectorLinks;
  metrics: Metrics;
}

/**
 * Browsers send Origin; a page on another site must not drive a user's tools (DNS rebinding,
 * cross-site requests). Clients that are not browsers send none and pass.
 */
export function allowOrigins(allowed: readonly string[]): onRequestAsyncHookHandler {
  return async (request) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, request.headers.host, allowed, request.principal)) {
      throw new ProblemError(
        403,
        `Origin ${origin} may not call this server; the operator allows ${allowed.length ? allowed.join(", ") : "no browser origins"} (--allowed-origin).`,
        {
          type: PROBLEM_TYPES.forbiddenOrigin,
          title: "Origin not allowed",
        },
      );
    }
  };
}

/** Times each tools/call between the request reaching the server and its response leaving, by tool and outcome. */
function observeToolCalls(transport: Transport, histogram: Histogram<"tool" | "outcome">, known: ReadonlySet<string>): void {
  const started = new Map<string | number, { tool: string; at: number }>();
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (isJSONRPCRequest(message) && message.method === "tools/call") {
      const name = String(message.params?.name ?? "");
      // Only registered names become label values: a caller cannot grow the series set.
      started.set(message.id, { tool: known.has(name) ? name : "unknown", at: performance.now() });
    }
    deliver?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const outcome = isJSONRPCErrorResponse(message)
      ? "protocol_error"
      : isJSONRPCResultResponse(message)
        ? message.result.isError
          ? "tool_error"
          : "ok"
        : null;
    const id = outcome === null ? undefined : (message as { id: string | number }).id;
    const call = id === undefined ? undefined : started.get(id);
    if (call && id !== undefined && outcome !== null) {
      started.delete(id);
      histogram.observe({ tool: call.tool, outcome }, (performance.now() - call.at) / 1000);
    }
    return send(message, options);
  };
}

/**
 * Remote MCP, stateless as the SDK recommends for horizontally scaled servers: every POST gets a
 * fresh McpServer over the caller's own CoachContext and a fresh transport, closed with the response.
 */
export function mcpRoutes(app: FastifyInstance, options: McpRouteOptions): void {
  const connectorTools = [connectorSearch(options.links), connectorFetch(options.links)] as unknown as ToolDefinition<never, never>[];
  const known = new Set([...TOOLS.map((t) => t.name), ...connectorTools.map((t) => t.name)]);
  const guards = [requireScope("memory:access"), allowOrigins(options.allowedOrigins)];

  // The transport writes the response: its line is written when it finishes.
  app.post("/mcp", { onRequest: guards, onResponse: lineWhenFinished }, async (request, reply) => {
    const context = options.users.forUser(principalOf(request).userId);
    const server = createServer(context);
    for (const tool of connectorTools) registerTool(server, context, tool as Parameters<typeof registerTool>[2]);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    reply.raw.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    observeToolCalls(transport, options.metrics.mcpToolCallDuration, known);
    // The transport writes the raw response: carry over what the hooks set (x-request-id, RateLimit).
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) reply.raw.setHeader(name, value);
    reply.hijack();
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  // Stateless: no server-initiated stream to GET and no session to DELETE.
  app.route({
    method: ["GET", "DELETE"],
    url: "/mcp",
    onRequest: guards,
    handler: async () => {
      throw new ProblemError(405, "This server is stateless: send MCP messages with POST; there is no stream to GET and no session to DELETE.", {
        headers: { allow: "POST" },
      });
    },
  });
}
