import type { FastifyInstance, onRequestHookHandler } from "fastify";
import { PROBLEM_TYPES, ProblemError } from "../problem.js";
import type { AccessTokenClaims, AccessTokens } from "./access-tokens.js";
import { TokenRejected } from "./access-tokens.js";
import { looksLikeApiKey, type ApiKeyRecord, type CredentialStore } from "./api-keys.js";
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
  return new ProblemError(401, detail, {
    type: PROBLEM_TYPES.unauthorized,
    title: "Unauthorized",
    headers: { "www-authenticate": `Bearer ${params.join(", ")}` },
  });
}

export function insufficientScope(missing: readonly Scope[]): ProblemError {
  const scope = missing.join(" ");
  return new ProblemError(403, `This route needs the scope ${scope}, which the credential does not carry.`, {
    type: PROBLEM_TYPES.insufficientScope,
    title: "Insufficient scope",
    headers: {
      "www-authenticate": `Bearer realm="${REALM}", error="insufficient_scope", scope=${quoted(scope)}, error_description=${quoted(`needs ${scope}`)}`,
    },
  });
}

/** The credential of `Authorization: Bearer <credential>`, or undefined when the header is missing or has another form. */
const bearerCredential = (authorization: string | undefined) => (authorization === undefined ? undefined : /^bearer +(\S+) *$/i.exec(authorization)?.[1]);

/** One principal per key record: records are frozen and kept while the key store is unchanged. */
const keyPrincipals = new WeakMap<ApiKeyRecord, Principal>();
function keyPrincipal(key: ApiKeyRecord): Principal {
  let principal = keyPrincipals.get(key);
  if (!principal) {
    principal = Object.freeze({ userId: key.userId, scopes: key.scopes, credentialId: key.id, kind: "api_key" as const, tokenId: null });
    keyPrincipals.set(key, principal);
  }
  return principal;
}

/** A token lives no longer than its key: revoking the key ends every token issued for it. */
const keyStillIssues = (claims: AccessTokenClaims, key: ApiKeyRecord | null | undefined): key is ApiKeyRecord =>
  !!key && key.revokedAt === null && key.userId === claims.userId;

const tokenPrincipal = (claims: AccessTokenClaims, key: ApiKeyRecord): Principal => ({
  userId: claims.userId,
  scopes: claims.scopes,
  credentialId: key.id,
  kind: "access_token",
  tokenId: claims.tokenId,
});

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

  /**
   * The principal, when the credential was accepted before and nothing about it needs looking up
   * (no revocation since, not expired): no promise to wait for. Undefined: authenticate() decides.
   */
  known(authorization: string | undefined, path = "/"): Principal | undefined {
    const credential = bearerCredential(authorization);
    if (!credential) return undefined;
    const principal = this.knownPrincipal(credential);
    if (principal?.audience === undefined) return principal;
    const hints = this.oauth?.hints(path);
    return !hints || hints.audiences.includes(principal.audience) ? principal : undefined;
  }

  private knownPrincipal(credential: string): Principal | undefined {
    if (looksLikeApiKey(credential)) {
      const checked = this.keys.checkKnown?.(credential);
      return checked?.ok ? keyPrincipal(checked.key) : undefined;
    }
    if (this.oauth && OPAQUE_TOKEN.test(credential)) return this.oauth.tokens.known(credential);
    const claims = this.tokens.known(credential);
    const key = claims && this.keys.getKnown?.(claims.keyId);
    return claims && keyStillIssues(claims, key) ? tokenPrincipal(claims, key) : undefined;
  }

  private async principalOf(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || !/^bearer(\s|$)/i.test(authorization)) throw new Refused(null);
    const credential = bearerCredential(authorization);
    if (!credential) throw new Refused("malformed Authorization header: expected Bearer followed by one credential");
    if (looksLikeApiKey(credential)) {
      const checked = await this.keys.check(credential);
      if (!checked.ok) throw new Refused(checked.reason === "revoked" ? "this API key has been revoked" : "unknown API key");
      return keyPrincipal(checked.key);
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
    const key = await this.keys.get(claims.keyId);
    if (!keyStillIssues(claims, key)) throw new Refused("the API key this access token was issued for has been revoked");
    return tokenPrincipal(claims, key);
  }
}

/** Every route needs a credential unless its config says public: true; the principal is set on the request. */
export function installAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest("principal", null);
  // A callback hook: a credential known already is accepted with no promise to wait for.
  app.addHook("onRequest", (request, _reply, done) => {
    // An unknown path is a 404 whoever asks: authentication is for routes that exist.
    if (request.routeOptions.config.public || request.is404) return done();
    const query = request.url.indexOf("?");
    const path = query < 0 ? request.url : request.url.slice(0, query);
    const known = authenticator.known(request.headers.authorization, path);
    if (known) {
      request.principal = known;
      return done();
    }
    authenticator.authenticate(request.headers.authorization, path).then((principal) => {
      request.principal = principal;
      done();
    }, done);
  });
}

/**
 * A route-level hook refusing credentials without every one of these scopes:
 * `app.get("/v1/projects", { onRequest: requireScope("project:read") }, handler)`.
 */
export function requireScope(...scopes: Scope[]): onRequestHookHandler {
  return (request, _reply, done) => {
    const principal = request.principal;
    if (!principal) return done(unauthorized(null));
    // Only a refusal lists what is missing: an accepted request checks without building a list.
    for (const scope of scopes) if (!principal.scopes.includes(scope)) return done(insufficientScope(scopes.filter((s) => !principal.scopes.includes(s))));
    done();
  };
}
