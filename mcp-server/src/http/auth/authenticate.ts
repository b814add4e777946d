import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import { PROBLEM_TYPES, ProblemError } from "../problem.js";
import type { AccessTokens } from "./access-tokens.js";
import { TokenRejected } from "./access-tokens.js";
import { looksLikeApiKey, type CredentialStore } from "./api-keys.js";
import type { Principal } from "./principal.js";
import type { Scope } from "./scopes.js";

const REALM = "interview-coach";
const quoted = (value: string) => `"${value.replace(/["\\]/g, "")}"`;

/** RFC 6750 §3: a request with no credential gets the bare challenge; a bad one gets error="invalid_token". */
export function unauthorized(description: string | null): ProblemError {
  const challenge = description === null ? `Bearer realm="${REALM}"` : `Bearer realm="${REALM}", error="invalid_token", error_description=${quoted(description)}`;
  const detail = description === null ? "This route needs Authorization: Bearer <API key or access token>." : `The credential was refused: ${description}.`;
  return new ProblemError(401, detail, { type: PROBLEM_TYPES.unauthorized, title: "Unauthorized", headers: { "www-authenticate": challenge } });
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
  ) {}

  /** The principal, or a 401 ProblemError carrying the WWW-Authenticate challenge. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || !/^bearer(\s|$)/i.test(authorization)) throw unauthorized(null);
    const credential = /^bearer +(\S+) *$/i.exec(authorization)?.[1];
    if (!credential) throw unauthorized("malformed Authorization header: expected Bearer followed by one credential");
    if (looksLikeApiKey(credential)) {
      const checked = await this.keys.check(credential);
      if (!checked.ok) throw unauthorized(checked.reason === "revoked" ? "this API key has been revoked" : "unknown API key");
      const { key } = checked;
      return { userId: key.userId, scopes: key.scopes, credentialId: key.id, kind: "api_key", tokenId: null };
    }
    if (credential.split(".").length !== 3) throw unauthorized("malformed credential: neither an API key (ick_...) nor an access token");
    let claims;
    try {
      claims = await this.tokens.verify(credential);
    } catch (error) {
      if (error instanceof TokenRejected) throw unauthorized(error.message);
      throw error;
    }
    // A token lives no longer than its key: revoking the key ends every token issued for it.
    const key = await this.keys.get(claims.keyId);
    if (!key || key.revokedAt !== null || key.userId !== claims.userId) throw unauthorized("the API key this access token was issued for has been revoked");
    return { userId: claims.userId, scopes: claims.scopes, credentialId: key.id, kind: "access_token", tokenId: claims.tokenId };
  }
}

/** Every route needs a credential unless its config says public: true; the principal is set on the request. */
export function installAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request: FastifyRequest) => {
    if (request.routeOptions.config.public) return;
    request.principal = await authenticator.authenticate(request.headers.authorization);
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
