import { LRUCache } from "lru-cache";
import type Provider from "oidc-provider";
import type { Principal } from "../auth/principal.js";
import { isScope, type Scope } from "../auth/scopes.js";
import { bearerDigest } from "./adapter.js";
import { SERVICE_USER } from "./service-clients.js";

/** An access token the authorization server issued, as a request's principal sees it. */
export interface OAuthPrincipal extends Principal {
  kind: "oauth";
  /** The resource the token was minted for (RFC 8707): this server's /mcp URL or its origin. */
  audience: string;
  clientId: string;
}

export class OAuthTokenRejected extends Error {}

/** Enough for the live tokens of every connected app; an evicted one is looked up again. */
const CHECKED_TOKENS = 10_000;

/**
 * Checks opaque access tokens against the authorization server's store. A token found is kept by its
 * digest until it expires or the store changes (a revocation anywhere empties the cache), so a
 * repeated token costs a map lookup and a hash, as an API key does.
 */
export class OAuthAccessTokens {
  private readonly checked = new LRUCache<string, { principal: OAuthPrincipal; expiresAt: number }>({ max: CHECKED_TOKENS });
  private stamp: string | null = null;

  constructor(
    private readonly provider: () => Provider | null,
    /** Changes whenever any record changes, or null when the store cannot tell (then nothing is cached). */
    private readonly storeStamp: () => string | null,
    private readonly now: () => number = Date.now,
  ) {}

  async verify(token: string): Promise<OAuthPrincipal> {
    const stamp = this.freshStamp();
    const digest = bearerDigest(token);
    const known = this.checked.get(digest);
    if (known && known.expiresAt > this.now()) return known.principal;
    const provider = this.provider();
    if (!provider) throw new OAuthTokenRejected("the authorization server is starting; retry in a moment");
    const checked = await principalFor(provider, token);
    if (stamp !== null) this.checked.set(digest, checked);
    return checked.principal;
  }

  /** The principal of a token found before, unexpired, in a store unchanged since; undefined: verify() must decide. */
  known(token: string): OAuthPrincipal | undefined {
    if (this.freshStamp() === null) return undefined;
    const known = this.checked.get(bearerDigest(token));
    return known && known.expiresAt > this.now() ? known.principal : undefined;
  }

  /** The store's stamp now; a change empties the cache. */
  private freshStamp(): string | null {
    const stamp = this.storeStamp();
    if (stamp === null || stamp !== this.stamp) {
      this.checked.clear();
      this.stamp = stamp;
    }
    return stamp;
  }
}

/** A user's token (authorization code grant) or a service client's (client_credentials), as the request's principal. */
async function principalFor(provider: Provider, token: string): Promise<{ principal: OAuthPrincipal; expiresAt: number }> {
  const found = (await provider.AccessToken.find(token)) ?? (await provider.ClientCredentials.find(token));
  if (!found) throw new OAuthTokenRejected("unknown, expired or revoked access token");
  const audience = Array.isArray(found.aud) ? found.aud[0] : found.aud;
  if (typeof audience !== "string" || !found.clientId || !found.exp) throw new OAuthTokenRejected("the access token carries no audience or client");
  let userId = "accountId" in found ? found.accountId : undefined;
  let credentialId = "grantId" in found ? found.grantId : undefined;
  const client = await provider.Client.find(found.clientId);
  if (!userId) {
    // A service client acts for the user its operator bound it to; a removed client's tokens end with it.
    const bound = client ? (client.metadata() as Record<string, unknown>)[SERVICE_USER] : undefined;
    if (typeof bound !== "string") throw new OAuthTokenRejected("the client this token was issued to no longer exists or acts for nobody");
    userId = bound;
    credentialId = found.clientId;
  }
  const scopes = [...found.scopes].filter(isScope) as Scope[];
  const principal: OAuthPrincipal = Object.freeze({
    userId,
    scopes: Object.freeze(scopes) as Scope[],
    // One rate-limit budget per connected app (its grant) or service client, shared by all its tokens.
    credentialId: `oauth:${credentialId}`,
    kind: "oauth" as const,
    tokenId: credentialId ?? null,
    audience,
    clientId: found.clientId,
    ...(client?.clientAuthMethod === "none" && client.redirectUris ? { browserRedirects: Object.freeze([...client.redirectUris]) } : {}),
  });
  return { principal, expiresAt: found.exp * 1000 };
}
