import type { Scope } from "../auth/scopes.js";
import { OAUTH_ROUTES } from "../oauth/authorization-server.js";
import type { OperationDescription } from "./describe-route.js";

export const BEARER_SCHEME = "bearerAuth";
export const OAUTH_SCHEME = "oauth2";

/** What each scope lets a client do, as the document's OAuth flow lists them. */
const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  "project:read": "Read interview projects, the change feed and the audit log",
  "project:write": "Create, change and delete interview projects",
  "session:sync": "Read and write sessions, and follow them across platforms",
  "memory:access": "Use the digital twin: stories, questions, answers, A/B trials, practice and analytics",
};

/**
 * The two ways to present a credential: a bearer API key or access token, and the authorization
 * server's authorization-code flow. Its URLs are relative, resolved against servers[0], which is
 * only known per request.
 */
export const SECURITY_SCHEMES = {
  [BEARER_SCHEME]: { type: "http", scheme: "bearer", description: "An API key (ick_..., from the keys CLI) or an access token from POST /v1/auth/token" },
  [OAUTH_SCHEME]: {
    type: "oauth2",
    description: `OAuth 2.1 authorization code with PKCE (S256); clients may register at ${OAUTH_ROUTES.registration}. The access token is sent as Authorization: Bearer <token>`,
    flows: {
      authorizationCode: {
        authorizationUrl: OAUTH_ROUTES.authorization,
        tokenUrl: OAUTH_ROUTES.token,
        refreshUrl: OAUTH_ROUTES.token,
        scopes: SCOPE_DESCRIPTIONS,
      },
    },
  },
};

/**
 * Either scheme will do, each with the operation's scope (OpenAPI 3.1 lets a non-OAuth scheme list
 * the roles it needs too); none for a public route, the bearer scheme alone where only a key is taken.
 */
export function securityOf(operation: OperationDescription): Record<string, string[]>[] {
  if (operation.public) return [];
  const scopes = operation.scope === null ? [] : [operation.scope];
  if (operation.apiKeyOnly) return [{ [BEARER_SCHEME]: scopes }];
  return [{ [BEARER_SCHEME]: scopes }, { [OAUTH_SCHEME]: scopes }];
}

/** The document's default, which every operation overrides with its own. */
export const DEFAULT_SECURITY = [{ [BEARER_SCHEME]: [] }, { [OAUTH_SCHEME]: [] }];
