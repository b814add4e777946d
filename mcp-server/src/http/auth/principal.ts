import type { FastifyRequest } from "fastify";
import type { Scope } from "./scopes.js";

/** Who is calling, set on every authenticated request before any route-level hook runs. */
export interface Principal {
  userId: string;
  scopes: readonly Scope[];
  /** The API key behind the credential (an access token's too): the rate-limit and audit identity. */
  credentialId: string;
  kind: "api_key" | "access_token" | "oauth";
  /** The access token's jti (an OAuth token's grant); null for an API key. */
  tokenId: string | null;
  /** The resource an OAuth access token was minted for (RFC 8707); absent for API keys and their tokens. */
  audience?: string;
  /** A public OAuth client's redirect addresses: its pages, or its browser extension's, may send its tokens from their own origin. */
  browserRedirects?: readonly string[];
}

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The route needs no credential (health, metrics when public, OpenAPI). */
    public?: boolean;
  }
}

/** The caller of a route that is not public; the authentication hook guarantees it is set. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`${request.method} ${request.routeOptions.url} ran without a principal: is it marked public?`);
  return request.principal;
}
