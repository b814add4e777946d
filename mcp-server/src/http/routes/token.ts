import type { FastifyInstance } from "fastify";
import type { z } from "zod";
import type { AccessTokens } from "../auth/access-tokens.js";
import type { CredentialStore } from "../auth/api-keys.js";
import { principalOf } from "../auth/principal.js";
import { isScope, SCOPES } from "../auth/scopes.js";
import { tokenRequestSchema, type tokenResponseSchema } from "../openapi/auth-token.js";
import { parseWith, ProblemError, validationProblem } from "../problem.js";

export interface TokenRouteOptions {
  keys: CredentialStore;
  tokens: AccessTokens;
}

/**
 * POST /v1/auth/token, authenticated with an API key: a short-lived access token for the same user,
 * with the key's scopes or fewer. The response has the OAuth 2.0 token response's shape (RFC 6749 §5.1).
 */
export function tokenRoute(app: FastifyInstance, options: TokenRouteOptions): void {
  const body = tokenRequestSchema(options.tokens.maxTtlSeconds);

  app.post("/v1/auth/token", async (request, reply) => {
    const principal = principalOf(request);
    if (principal.kind !== "api_key")
      throw new ProblemError(403, "An access token is issued for an API key; present the API key itself (Authorization: Bearer ick_...).");
    const input = parseWith(body, request.body);
    const requested = input.scope === undefined ? [...principal.scopes] : [...new Set(input.scope.split(/\s+/))];
    const unknown = requested.filter((s) => !isScope(s));
    if (unknown.length) throw validationProblem([{ field: "scope", rule: `must be among ${SCOPES.join(", ")}; unknown: ${unknown.join(" ")}` }]);
    const beyond = requested.filter((s) => isScope(s) && !principal.scopes.includes(s));
    if (beyond.length)
      throw validationProblem([{ field: "scope", rule: `must be within the key's scopes (${principal.scopes.join(" ")}); not granted: ${beyond.join(" ")}` }]);
    const key = await options.keys.get(principal.credentialId);
    if (!key) throw new ProblemError(401, "The API key was removed while the request was in flight.");
    const ttl = input.expires_in ?? options.tokens.maxTtlSeconds;
    const issued = await options.tokens.issue(key, requested.filter(isScope), ttl);
    reply.header("cache-control", "no-store");
    return { access_token: issued.token, token_type: "Bearer", expires_in: ttl, scope: requested.join(" ") } satisfies z.input<typeof tokenResponseSchema>;
  });
}
