import { z } from "zod";
import { SCOPES } from "../auth/scopes.js";
import type { OperationDescription } from "./describe-route.js";

/** POST /v1/auth/token's body; the longest lifetime is the server's --token-ttl. */
export function tokenRequestSchema(maxTtlSeconds: number) {
  return z.strictObject({
    scope: z
      .string({ error: `must be space-separated scopes (${SCOPES.join(", ")})` })
      .trim()
      .min(1, { error: "must name at least one scope, or be left out for all of the key's scopes" })
      .optional()
      .describe(`Space-separated scopes within the key's own (${SCOPES.join(", ")}); default: all of the key's scopes`),
    expires_in: z
      .number({ error: "must be a number of seconds" })
      .int({ error: "must be a whole number of seconds" })
      .min(1, { error: "must be at least 1 second" })
      .max(maxTtlSeconds, { error: `must be at most ${maxTtlSeconds} seconds (--token-ttl)` })
      .optional()
      .describe("Lifetime in seconds; default and maximum: the server's --token-ttl"),
  });
}

/** The OAuth 2.0 token response's shape (RFC 6749 §5.1). */
export const tokenResponseSchema = z.object({
  access_token: z.string().describe("A JWT to send as Authorization: Bearer <token>"),
  token_type: z.literal("Bearer"),
  expires_in: z.number().int().describe("Seconds until it expires"),
  scope: z.string().describe("The scopes it carries, space-separated"),
});

/** The token route is registered by routes/token.ts; this is its entry in the document. */
export function tokenOperation(maxTtlSeconds: number): OperationDescription {
  return {
    method: "POST",
    path: "/v1/auth/token",
    operationId: "issueAccessToken",
    summary: "Issue a short-lived access token",
    description:
      "Exchanges an API key (sent as the bearer credential) for a short-lived JWT access token for the same user, with the key's scopes or fewer. Send the API key itself, not a token.",
    tags: ["Auth"],
    // Any API key will do: its own scopes bound what the token may carry.
    scope: null,
    apiKeyOnly: true,
    body: tokenRequestSchema(maxTtlSeconds),
    response: tokenResponseSchema,
    responseDescription: "The access token.",
    problems: [403],
    responseHeaders: { 200: { "Cache-Control": { description: "no-store: a credential must not be cached", schema: { type: "string", enum: ["no-store"] } } } },
  };
}
