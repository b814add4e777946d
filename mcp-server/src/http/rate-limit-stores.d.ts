// The counter stores @fastify/rate-limit builds its limiters on, used directly for the per-credential budget.
declare module "@fastify/rate-limit/store/LocalStore.js" {
  import type { FastifyRateLimitStore } from "@fastify/rate-limit";
  const LocalStore: new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => FastifyRateLimitStore;
  export default LocalStore;
}

declare module "@fastify/rate-limit/store/RedisStore.js" {
  import type { FastifyRateLimitOptions, FastifyRateLimitStore } from "@fastify/rate-limit";
  const RedisStore: new (
    continueExceeding: boolean,
    exponentialBackoff: boolean,
    redis: NonNullable<FastifyRateLimitOptions["redis"]>,
    key?: string,
  ) => FastifyRateLimitStore;
  export default RedisStore;
}
