import type { FastifyInstance } from "fastify";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

declare module "fastify" {
  interface FastifyInstance {
    /** The app's metrics, for routes and sockets added later: `app.metrics.websocketConnections.inc()`. */
    metrics: Metrics;
  }
}

/** Request-scale latencies: 1 ms to 10 s. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Every metric the server exports, created once per app in its own registry (so tests can build several apps). */
export interface Metrics {
  registry: Registry;
  /** Observed for every response, labelled by the route template (never the raw URL, which would explode the label set). */
  httpRequestDuration: Histogram<"method" | "route" | "status">;
  /** One observation per MCP tools/call; outcome is ok, tool_error (isError result) or protocol_error (JSON-RPC error). */
  mcpToolCallDuration: Histogram<"tool" | "outcome">;
  /** Open /v1/sync WebSockets: inc() on open, dec() on close. */
  websocketConnections: Gauge;
  /** Awareness changes by event: committed (written here), delivered (sent on a socket), replayed (sent on reconnect). */
  syncEvents: Counter<"event">;
  /** Writes arriving from a client's outbox, by outcome: applied, replayed (same Idempotency-Key) or rejected. */
  outboxDeliveries: Counter<"outcome">;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequestDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration in seconds, by method, route template and status",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    mcpToolCallDuration: new Histogram({
      name: "mcp_tool_call_duration_seconds",
      help: "MCP tool call duration in seconds over /mcp, by tool and outcome",
      labelNames: ["tool", "outcome"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    websocketConnections: new Gauge({ name: "websocket_connections", help: "Open /v1/sync WebSocket connections", registers: [registry] }),
    syncEvents: new Counter({
      name: "sync_events_total",
      help: "Project-awareness changes by event (committed, delivered, replayed)",
      labelNames: ["event"],
      registers: [registry],
    }),
    outboxDeliveries: new Counter({
      name: "outbox_deliveries_total",
      help: "Writes from client outboxes by outcome (applied, replayed, rejected)",
      labelNames: ["outcome"],
      registers: [registry],
    }),
  };
}

/** The metrics on the app for routes to count in; each response's duration is counted with its request line (CompletedRequests). */
export function installHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.decorate("metrics", metrics);
}
