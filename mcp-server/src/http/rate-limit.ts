import rateLimit, { type FastifyRateLimitStore, type RateLimitPluginOptions } from "@fastify/rate-limit";
import LocalStore from "@fastify/rate-limit/store/LocalStore.js";
import RedisStore from "@fastify/rate-limit/store/RedisStore.js";
import type { FastifyInstance } from "fastify";
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
const NAMESPACE = "coach-rate-limit:";

/**
 * The plugin's counter store as its createRateLimit() made it (a child with no route), so the
 * Redis keys stay the ones instances of earlier versions count under.
 */
function counterStore(redis: RateLimitSettings["redis"]): FastifyRateLimitStore {
  const store = redis ? new RedisStore(false, false, redis, NAMESPACE) : new LocalStore(false, false);
  return store.child({ continueExceeding: false, exponentialBackoff: false, routeInfo: {} } as unknown as Parameters<FastifyRateLimitStore["child"]>[0]);
}

/**
 * Counts requests per credential (the API key id, which an access token shares) in
 * @fastify/rate-limit's store, after authentication, and reports them in the IETF draft's
 * structured headers: `RateLimit-Policy: "per-credential";q=120;w=60` and `RateLimit: "per-credential";r=57;t=42`.
 * The store is called directly: in memory it answers at once, so a request costs no promise there.
 */
export async function installRateLimit(app: FastifyInstance, settings: RateLimitSettings): Promise<CredentialBudget> {
  // For routes with a rateLimit config of their own (the sign-in form); global: false adds no hooks.
  await app.register(rateLimit, { global: false, ...(settings.redis ? { redis: settings.redis, nameSpace: NAMESPACE } : {}) });
  const store = counterStore(settings.redis);
  const windowMs = settings.windowSeconds * 1000;
  const policy = `"${POLICY}";q=${settings.max};w=${settings.windowSeconds}`;
  const remaining = (current: number, ttlInSeconds: number) => `"${POLICY}";r=${Math.max(0, settings.max - current)};t=${ttlInSeconds}`;
  const counted = (current: number, ttl: number): Spent => {
    const ttlInSeconds = Math.ceil(ttl / 1000);
    const headers = { "ratelimit-policy": policy, ratelimit: remaining(current, ttlInSeconds) };
    if (current <= settings.max) return { headers, refused: null };
    const refused = new ProblemError(
      429,
      `This credential has used its ${settings.max} requests per ${settings.windowSeconds} s; retry in ${ttlInSeconds} s.`,
      {
        type: PROBLEM_TYPES.rateLimited,
        title: "Too many requests",
        headers: { ...headers, "retry-after": String(ttlInSeconds) },
      },
    );
    return { headers, refused };
  };
  const spend = (credentialId: string, done: (error: Error | null, spent?: Spent) => void) =>
    store.incr(
      credentialId,
      (error, result) =>
        error || !result ? done(error ?? new Error("the rate-limit store answered nothing")) : done(null, counted(result.current, result.ttl)),
      windowMs,
      settings.max,
    );
  const budget: CredentialBudget = {
    spend: (credentialId) =>
      new Promise((resolve, reject) => spend(credentialId, (error, spent) => (error || !spent ? reject(error ?? new Error("nothing spent")) : resolve(spent)))),
  };
  if (settings.redis) {
    // Redis answers later anyway; continuing the request from inside ioredis's reply callback (a callback hook) doubled its cost.
    app.addHook("onRequest", async (request, reply) => {
      if (!request.principal) return;
      const spent = await budget.spend(request.principal.credentialId);
      reply.headers(spent.headers);
      if (spent.refused) throw spent.refused;
    });
  } else {
    // In memory the count is known at once: a callback hook spends no promise on it, and nothing is built but the header's text.
    app.addHook("onRequest", (request, reply, done) => {
      if (!request.principal) return done();
      store.incr(
        request.principal.credentialId,
        (error, result) => {
          if (error || !result) return done(error ?? new Error("the rate-limit store answered nothing"));
          if (result.current > settings.max) {
            const spent = counted(result.current, result.ttl);
            reply.headers(spent.headers);
            return done(spent.refused ?? undefined);
          }
          reply.header("ratelimit-policy", policy).header("ratelimit", remaining(result.current, Math.ceil(result.ttl / 1000)));
          done();
        },
        windowMs,
        settings.max,
      );
    });
  }
  return budget;
}
