import type { FastifyInstance } from "fastify";
import type { Metrics } from "../metrics.js";

/** Prometheus text exposition; public unless --metrics-public false, then any valid credential reads it. */
export function metricsRoute(app: FastifyInstance, metrics: Metrics, isPublic: boolean): void {
  app.get("/metrics", { config: { public: isPublic } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
