import { LRUCache } from "lru-cache";
import type Provider from "oidc-provider";
import type { Principal } from "../auth/principal.js";
import { isScope, type Scope } from "../auth/scopes.js";
import { bearerDigest } from "./adapter.js";

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
    const stamp = this.storeStamp();
    if (stamp === null || stamp !== this.stamp) {
      this.checked.clear();
      this.stamp = stamp;
    }
    const digest = bearerDigest(token);
    const known = this.checked.get(digest);
    if (known && known.expiresAt > this.now()) return known.principal;
    const provider = this.provider();
    if (!provider) throw new OAuthTokenRejected("the authorization server is starting; retry in a moment");
    const found = await provider.AccessToken.find(token);
    if (!found) throw new OAuthTokenRejected("unknown, expired or revoked access token");
    const audience = Array.isArray(found.aud) ? found.aud[0] : found.aud;
    if (typeof audience !== "string" || !found.accountId || !found.clientId || !found.exp) throw new OAuthTokenRejected("the access token carries no audience or owner");
    const scopes = [...found.scopes].filter(isScope) as Scope[];
    const principal: OAuthPrincipal = Object.freeze({
      userId: found.accountId,
      scopes: Object.freeze(scopes) as Scope[],
      // One rate-limit budget per connected app, shared by all the tokens its grant issues.
      credentialId: `oauth:${found.grantId}`,
      kind: "oauth" as const,
      tokenId: found.grantId,
      audience,
      clientId: found.clientId,
    });
    if (stamp !== null) this.checked.set(digest, { principal, expiresAt: found.exp * 1000 });
    return principal;
  }
}
