import type { FastifyInstance } from "fastify";
import type { CoachDatabase } from "../../store/database.js";
import { PROBLEM_TYPES, ProblemError } from "../problem.js";

export interface HealthOptions {
  serverDatabase: CoachDatabase;
  /** Further stores the server needs (the awareness store), checked beside the server database. */
  pings?: readonly (() => Promise<void>)[];
  /** True once shutdown began: the balancer should stop sending traffic here. */
  draining(): boolean;
  readyTimeoutMs?: number;
}

/** /livez: the process answers. /readyz: it can serve (the store answers, not shutting down). Both public. */
export function healthRoutes(app: FastifyInstance, options: HealthOptions): void {
  const timeoutMs = options.readyTimeoutMs ?? 2_000;
  app.get("/livez", { config: { public: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { config: { public: true } }, async () => {
    if (options.draining()) throw new ProblemError(503, "The server is shutting down.", { type: PROBLEM_TYPES.unavailable, title: "Not ready" });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      const checks = [options.serverDatabase.read((db) => db.get("SELECT COUNT(*) AS keys FROM api_keys")), ...(options.pings ?? []).map((ping) => ping())];
      await Promise.race([Promise.all(checks), timeout]);
    } catch (error) {
      throw new ProblemError(503, `The store does not answer: ${(error as Error).message}.`, { type: PROBLEM_TYPES.unavailable, title: "Not ready" });
    } finally {
      clearTimeout(timer);
    }
    return { status: "ready", checks: { store: "ok" } };
  });
}
