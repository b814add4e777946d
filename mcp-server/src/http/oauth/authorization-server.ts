import type { JWK } from "jose";
import type Provider from "oidc-provider";
import type { Configuration, KoaContextWithOIDC } from "oidc-provider";
import { isUserId, SCOPES } from "../auth/scopes.js";
import { RecordsAdapter } from "./adapter.js";
import { publicClientOriginAllowed } from "./browser-origins.js";
import { compareDigestedSecrets } from "./client-secrets.js";
import { errorPage, PAGE_CSP } from "./pages.js";
import { SERVICE_USER } from "./service-clients.js";
import type { OAuthRecords } from "./records.js";

/** Where a person is sent to sign in and consent; the uid names the pending authorization. */
export const INTERACTION_PATH = "/oauth/interaction";

/** The authorization server's endpoints, at the root because some clients assume them there. */
export const OAUTH_ROUTES = { authorization: "/authorize", token: "/token", registration: "/register", revocation: "/revoke", jwks: "/jwks" } as const;

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;
/** Access tokens are checked against the store on every request, so an hour costs nothing in safety: revoking ends them at once. */
export const ACCESS_TOKEN_TTL = 60 * MINUTE;
const REFRESH_TOKEN_TTL = 30 * DAY;

/** The resource identifiers this server answers for: the MCP endpoint (canonical for MCP clients) and the origin (REST). */
export function resourcesOf(issuer: string): { mcp: string; origin: string } {
  return { mcp: `${issuer}/mcp`, origin: issuer };
}

export interface AuthorizationServerOptions {
  /** The server's public origin, without a trailing slash: the issuer and the base of every endpoint. */
  issuer: string;
  records: OAuthRecords;
  /** Private signing keys (ID tokens for clients that ask for openid). */
  jwks: { keys: JWK[] };
  /** Keys that sign the session and interaction cookies; the first signs, all verify. */
  cookieKeys: string[];
  now?: () => number;
}

/**
 * oidc-provider configured as MCP authorization (2025-11-25) asks: authorization code with PKCE
 * S256 only, RFC 8707 resource indicators bound into each token's audience, dynamic client
 * registration, Client ID Metadata Documents, rotating refresh tokens, revocation and
 * client_credentials. Every artefact persists through OAuthRecords.
 */
export async function createAuthorizationServer(
  options: AuthorizationServerOptions,
): Promise<{ provider: Provider; isSessionNotFound(error: unknown): boolean }> {
  // Loaded when the server starts serving, not by `keys` commands, which share this bundle.
  const { default: Provider, errors } = await import("oidc-provider");
  const { issuer, records } = options;
  const resources = resourcesOf(issuer);
  const known = new Set([resources.mcp, resources.origin]);
  const configuration: Configuration = {
    adapter: (model: string) => new RecordsAdapter(model, records, options.now),
    jwks: options.jwks,
    cookies: { keys: options.cookieKeys },
    routes: OAUTH_ROUTES,
    scopes: ["offline_access", ...SCOPES],
    responseTypes: ["code"],
    clientAuthMethods: ["none", "client_secret_basic", "client_secret_post", "private_key_jwt"],
    // Browsers may call the token endpoints only for public clients, from their redirect origins or the browser extension behind them.
    clientBasedCORS: (_ctx, origin, client) => client.clientAuthMethod === "none" && publicClientOriginAllowed(origin, client.redirectUris ?? []),
    clientDefaults: {
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
      id_token_signed_response_alg: "ES256",
    },
    enabledJWA: { idTokenSigningAlgValues: ["ES256"] },
    extraClientMetadata: {
      properties: [SERVICE_USER],
      // Registration is open to anyone, so it may neither bind a client to a user nor ask for client_credentials.
      validator: (ctx, key, value, metadata) => {
        if (!ctx || key !== SERVICE_USER) return;
        if (value !== undefined) throw new errors.InvalidClientMetadata(`${SERVICE_USER} is set by the server's operator, not at registration`);
        if (metadata.grant_types?.includes("client_credentials")) {
          throw new errors.InvalidClientMetadata("client_credentials is for service clients the operator creates with `keys service-client`");
        }
      },
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      registration: { enabled: true, initialAccessToken: false, issueRegistrationAccessToken: false },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      clientIdMetadataDocument: { enabled: true, ack: "draft-02" },
      resourceIndicators: {
        enabled: true,
        // MCP clients send `resource`; one that does not gets the MCP endpoint, the resource it came for.
        defaultResource: async () => resources.mcp,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (!known.has(indicator))
            throw new errors.InvalidTarget(`this server issues tokens only for ${resources.mcp} (or ${resources.origin}), not ${String(indicator)}`);
          return { scope: SCOPES.join(" "), audience: indicator, accessTokenFormat: "opaque", accessTokenTTL: ACCESS_TOKEN_TTL };
        },
      },
    },
    // Connected apps stay connected while they keep refreshing, whatever happens to the browser session.
    expiresWithSession: async () => false,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed("refresh_token"),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: ACCESS_TOKEN_TTL,
      ClientCredentials: ACCESS_TOKEN_TTL,
      AuthorizationCode: MINUTE,
      IdToken: ACCESS_TOKEN_TTL,
      Interaction: 15 * MINUTE,
      Session: 14 * DAY,
      Grant: REFRESH_TOKEN_TTL,
      RefreshToken: REFRESH_TOKEN_TTL,
    },
    interactions: { url: async (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    findAccount: async (_ctx, sub) => (isUserId(sub) ? { accountId: sub, claims: async () => ({ sub }) } : undefined),
    renderError: async (ctx: KoaContextWithOIDC, out) => {
      ctx.type = "html";
      ctx.set("content-security-policy", PAGE_CSP);
      ctx.body = errorPage(out.error, out.error_description ?? "The request could not be completed.");
    },
  };
  const provider = new Provider(issuer, configuration);
  compareDigestedSecrets(provider);
  return { provider, isSessionNotFound: (error) => error instanceof errors.SessionNotFound };
}
