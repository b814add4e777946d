import rateLimit, { type RateLimitPluginOptions } from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { PROBLEM_TYPES, ProblemError } from "./problem.js";

export interface RateLimitSettings {
  max: number;
  windowSeconds: number;
  /** An ioredis client, so instances sharing a Redis share each credential's budget; in-memory without it. */
  redis?: RateLimitPluginOptions["redis"];
}

/** One request or upgrade counted: the headers to answer with, and the 429 to throw when it was over budget. */
export interface Spent {
  headers: Record<string, string>;
  refused: ProblemError | null;
}

/** The per-credential budget, for requests that bypass the hooks (WebSocket upgrades). */
export interface CredentialBudget {
  spend(credentialId: string): Promise<Spent>;
}

const POLICY = "per-credential";

/** The plugin's limiter reads the key and the route's group id off what it is given; a spend has no route. */
interface Spending {
  credentialId: string;
  routeOptions: { config: Record<string, never> };
}

/**
 * Counts requests per credential (the API key id, which an access token shares) with
 * @fastify/rate-limit's store, after authentication, and reports them in the IETF draft's
 * structured headers: `RateLimit-Policy: "per-credential";q=120;w=60` and `RateLimit: "per-credential";r=57;t=42`.
 */
export async function installRateLimit(app: FastifyInstance, settings: RateLimitSettings): Promise<CredentialBudget> {
  // global: false: the plugin adds no hooks of its own; the one below runs after authentication.
  await app.register(rateLimit, { global: false, ...(settings.redis ? { redis: settings.redis, nameSpace: "coach-rate-limit:" } : {}) });
  const limit = app.createRateLimit({ max: settings.max, timeWindow: settings.windowSeconds * 1000, keyGenerator: (spending) => (spending as unknown as Spending).credentialId });
  const policy = `"${POLICY}";q=${settings.max};w=${settings.windowSeconds}`;
  const budget: CredentialBudget = {
    async spend(credentialId) {
      const spending: Spending = { credentialId, routeOptions: { config: {} } };
      const state = await limit(spending as unknown as FastifyRequest);
      if (state.isAllowed) return { headers: {}, refused: null };
      const headers = { "ratelimit-policy": policy, ratelimit: `"${POLICY}";r=${state.remaining};t=${state.ttlInSeconds}` };
      if (!state.isExceeded) return { headers, refused: null };
      const refused = new ProblemError(429, `This credential has used its ${settings.max} requests per ${settings.windowSeconds} s; retry in ${state.ttlInSeconds} s.`, {
        type: PROBLEM_TYPES.rateLimited,
        title: "Too many requests",
        headers: { ...headers, "retry-after": String(state.ttlInSeconds) },
      });
      return { headers, refused };
    },
  };
  app.addHook("onRequest", async (request, reply) => {
    if (!request.principal) return;
    const spent = await budget.spend(request.principal.credentialId);
    reply.headers(spent.headers);
    if (spent.refused) throw spent.refused;
  });
  return budget;
}
