import rateLimit, { type RateLimitPluginOptions } from "@fastify/rate-limit";
import type { FastifyInstance } from "fastify";
import { PROBLEM_TYPES, ProblemError } from "./problem.js";

export interface RateLimitSettings {
  max: number;
  windowSeconds: number;
  /** An ioredis client, so instances sharing a Redis share each credential's budget; in-memory without it. */
  redis?: RateLimitPluginOptions["redis"];
}

const POLICY = "per-credential";

/**
 * Counts requests per credential (the API key id, which an access token shares) with
 * @fastify/rate-limit's store, after authentication, and reports them in the IETF draft's
 * structured headers: `RateLimit-Policy: "per-credential";q=120;w=60` and `RateLimit: "per-credential";r=57;t=42`.
 */
export async function installRateLimit(app: FastifyInstance, settings: RateLimitSettings): Promise<void> {
  // global: false: the plugin adds no hooks of its own; the one below runs after authentication.
  await app.register(rateLimit, { global: false, ...(settings.redis ? { redis: settings.redis, nameSpace: "coach-rate-limit:" } : {}) });
  const limit = app.createRateLimit({ max: settings.max, timeWindow: settings.windowSeconds * 1000, keyGenerator: (request) => request.principal!.credentialId });
  const policy = `"${POLICY}";q=${settings.max};w=${settings.windowSeconds}`;
  app.addHook("onRequest", async (request, reply) => {
    if (!request.principal) return;
    const state = await limit(request);
    if (state.isAllowed) return;
    const headers = { "ratelimit-policy": policy, ratelimit: `"${POLICY}";r=${state.remaining};t=${state.ttlInSeconds}` };
    reply.headers(headers);
    if (!state.isExceeded) return;
    throw new ProblemError(429, `This credential has used its ${settings.max} requests per ${settings.windowSeconds} s; retry in ${state.ttlInSeconds} s.`, {
      type: PROBLEM_TYPES.rateLimited,
      title: "Too many requests",
      headers: { ...headers, "retry-after": String(state.ttlInSeconds) },
    });
  });
}
