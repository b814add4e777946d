import type { FastifyInstance } from "fastify";
import type { CompletedRequests } from "../completed-requests.js";
import type { Metrics } from "../metrics.js";

/** Prometheus text exposition; public unless --metrics-public false, then any valid credential reads it. */
export function metricsRoute(app: FastifyInstance, metrics: Metrics, isPublic: boolean, completed: CompletedRequests): void {
  app.get("/metrics", { config: { public: isPublic } }, async (_request, reply) => {
    // Requests completed since the last drain are counted before the scrape reads the histogram.
    completed.drain();
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
