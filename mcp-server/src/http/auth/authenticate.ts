import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import { PROBLEM_TYPES, ProblemError } from "../problem.js";
import type { AccessTokens } from "./access-tokens.js";
import { TokenRejected } from "./access-tokens.js";
import { looksLikeApiKey, type CredentialStore } from "./api-keys.js";
import type { Principal } from "./principal.js";
import type { Scope } from "./scopes.js";
import { OAuthTokenRejected, type OAuthAccessTokens } from "../oauth/resource-server.js";

/** The authorization server's access tokens: 256 random bits, base64url (no dots, unlike a JWT). */
const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{32,128}$/;

/** Why a request's credential was not accepted; null: it carried none. Turned into the 401 with this path's challenge. */
class Refused extends Error {
  constructor(readonly description: string | null) {
    super(description ?? "no credential");
  }
}

const REALM = "interview-coach";
const quoted = (value: string) => `"${value.replace(/["\\]/g, "")}"`;

/** Where an OAuth client learns how to get a token for the route it called (RFC 9728 §5.1), and the scope it needs. */
export interface ChallengeHints {
  resourceMetadata: string;
  scope?: string;
  /** The token audiences (RFC 8707 resources) this path accepts. */
  audiences: readonly string[];
}

/** RFC 6750 §3: a request with no credential gets the bare challenge; a bad one gets error="invalid_token". */
export function unauthorized(description: string | null, hints?: ChallengeHints): ProblemError {
  const params = [`realm="${REALM}"`];
  if (hints) params.push(`resource_metadata=${quoted(hints.resourceMetadata)}`);
  if (hints?.scope) params.push(`scope=${quoted(hints.scope)}`);
  if (description !== null) params.push(`error="invalid_token"`, `error_description=${quoted(description)}`);
  const detail = description === null ? "This route needs Authorization: Bearer <API key or access token>." : `The credential was refused: ${description}.`;
  return new ProblemError(401, detail, { type: PROBLEM_TYPES.unauthorized, title: "Unauthorized", headers: { "www-authenticate": `Bearer ${params.join(", ")}` } });
}

export function insufficientScope(missing: readonly Scope[]): ProblemError {
  const scope = missing.join(" ");
  return new ProblemError(403, `This route needs the scope ${scope}, which the credential does not carry.`, {
    type: PROBLEM_TYPES.insufficientScope,
    title: "Insufficient scope",
    headers: { "www-authenticate": `Bearer realm="${REALM}", error="insufficient_scope", scope=${quoted(scope)}, error_description=${quoted(`needs ${scope}`)}` },
  });
}

/** Turns an Authorization header into a Principal. Also for upgrade requests (WebSocket), which bypass the hooks. */
export class Authenticator {
  constructor(
    private readonly keys: CredentialStore,
    private readonly tokens: AccessTokens,
    /** Access tokens from the OAuth authorization server, and where clients discover it; absent: API keys only. */
    private readonly oauth?: { tokens: OAuthAccessTokens; hints(path: string): ChallengeHints | undefined },
  ) {}

  /** The principal, or a 401 ProblemError carrying the WWW-Authenticate challenge for this path. */
  async authenticate(authorization: string | undefined, path = "/"): Promise<Principal> {
    const hints = this.oauth?.hints(path);
    try {
      const principal = await this.principalOf(authorization);
      // RFC 8707: a token is accepted only where its audience is served, so one minted for the origin's REST routes does not open /mcp.
      if (principal.audience !== undefined && hints && !hints.audiences.includes(principal.audience)) {
        throw new Refused(`the access token was issued for ${principal.audience}, not for ${path}`);
      }
      return principal;
    } catch (error) {
      if (error instanceof Refused) throw unauthorized(error.description, hints);
      throw error;
    }
  }

  private async principalOf(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || !/^bearer(\s|$)/i.test(authorization)) throw new Refused(null);
    const credential = /^bearer +(\S+) *$/i.exec(authorization)?.[1];
    if (!credential) throw new Refused("malformed Authorization header: expected Bearer followed by one credential");
    if (looksLikeApiKey(credential)) {
      const checked = await this.keys.check(credential);
      if (!checked.ok) throw new Refused(checked.reason === "revoked" ? "this API key has been revoked" : "unknown API key");
      const { key } = checked;
      return { userId: key.userId, scopes: key.scopes, credentialId: key.id, kind: "api_key", tokenId: null };
    }
    if (this.oauth && OPAQUE_TOKEN.test(credential)) {
      try {
        return await this.oauth.tokens.verify(credential);
      } catch (error) {
        if (error instanceof OAuthTokenRejected) throw new Refused(error.message);
        throw error;
      }
    }
    if (credential.split(".").length !== 3) throw new Refused("malformed credential: neither an API key (ick_...) nor an access token");
    let claims;
    try {
      claims = await this.tokens.verify(credential);
    } catch (error) {
      if (error instanceof TokenRejected) throw new Refused(error.message);
      throw error;
    }
    // A token lives no longer than its key: revoking the key ends every token issued for it.
    const key = await this.keys.get(claims.keyId);
    if (!key || key.revokedAt !== null || key.userId !== claims.userId) throw new Refused("the API key this access token was issued for has been revoked");
    return { userId: claims.userId, scopes: claims.scopes, credentialId: key.id, kind: "access_token", tokenId: claims.tokenId };
  }
}

/** Every route needs a credential unless its config says public: true; the principal is set on the request. */
export function installAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    if (request.routeOptions.config.public) return;
    // An unknown path is a 404 whoever asks: authentication is for routes that exist.
    if (request.is404) return;
    request.principal = await authenticator.authenticate(request.headers.authorization, request.url.split("?")[0]);
  });
}

/**
 * A route-level hook refusing credentials without every one of these scopes:
 * `app.get("/v1/projects", { onRequest: requireScope("project:read") }, handler)`.
 */
export function requireScope(...scopes: Scope[]): onRequestAsyncHookHandler {
  return async (request) => {
    const principal = request.principal;
    if (!principal) throw unauthorized(null);
    const missing = scopes.filter((scope) => !principal.scopes.includes(scope));
    if (missing.length) throw insufficientScope(missing);
  };
}
