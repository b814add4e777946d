import type { JWK } from "jose";
import type Provider from "oidc-provider";
import type { ChallengeHints } from "../auth/authenticate.js";
import { SCOPES } from "../auth/scopes.js";
import { createAuthorizationServer, resourcesOf } from "./authorization-server.js";
import { pageKeys } from "./keys.js";
import type { OAuthRecords } from "./records.js";
import { OAuthAccessTokens } from "./resource-server.js";
import { SignInCodes } from "./sign-in-codes.js";

/** The scope a client asks for when /mcp turns it away: what the MCP tools need. */
export const MCP_SCOPE = "memory:access";

export const PROTECTED_RESOURCE_PATH = "/.well-known/oauth-protected-resource";

export interface OAuthServiceOptions {
  records: OAuthRecords;
  signingKey: JWK;
  /** The server secret, from which the page keys are derived. */
  secret: Uint8Array;
  /** Changes whenever a record changes, so checked tokens are looked up again; null: look up every time. */
  storeStamp(): string | null;
  now?: () => number;
}

/**
 * The OAuth side of the HTTP server: the authorization server (started once the public URL is
 * known), the resource server's token check, and the one-time sign-in codes.
 */
export class OAuthService {
  readonly tokens: OAuthAccessTokens;
  readonly signInCodes: SignInCodes;
  readonly csrfKey: Uint8Array;
  private readonly cookieKeys: string[];
  private server: Provider | null = null;
  private sessionNotFound: (error: unknown) => boolean = () => false;
  private issuer: string | null = null;
  /** The challenge hints of /mcp and of the origin's other routes, made once the issuer is known: every request carrying an OAuth token asks. */
  private pathHints: { mcp: ChallengeHints; origin: ChallengeHints } | null = null;

  constructor(private readonly options: OAuthServiceOptions) {
    const keys = pageKeys(options.secret);
    this.cookieKeys = keys.cookieKeys;
    this.csrfKey = keys.csrfKey;
    this.tokens = new OAuthAccessTokens(() => this.server, options.storeStamp, options.now);
    this.signInCodes = new SignInCodes(options.records, options.now);
  }

  get records(): OAuthRecords {
    return this.options.records;
  }

  /** Creates the authorization server for this public origin; requests before it get 503. */
  async start(publicUrl: string, behindProxy: boolean): Promise<void> {
    const issuer = new URL(publicUrl).origin;
    const created = await createAuthorizationServer({
      issuer,
      records: this.options.records,
      jwks: { keys: [this.options.signingKey] },
      cookieKeys: this.cookieKeys,
      ...(this.options.now ? { now: this.options.now } : {}),
    });
    // Behind a TLS proxy the request arrives as http; the provider must still build https URLs and secure cookies.
    created.provider.proxy = behindProxy;
    this.sessionNotFound = created.isSessionNotFound;
    this.issuer = issuer;
    this.pathHints = challengeHints(issuer);
    this.server = created.provider;
  }

  /** Whether an error says the sign-in the browser came back to has expired or belongs to another browser. */
  isSessionNotFound(error: unknown): boolean {
    return this.sessionNotFound(error);
  }

  provider(): Provider | null {
    return this.server;
  }

  /** The URL people paste into ChatGPT or Claude; null until the server knows its public URL. */
  mcpUrl(): string | null {
    return this.issuer ? resourcesOf(this.issuer).mcp : null;
  }

  /** The RFC 9728 metadata for the resource at this path: the MCP endpoint or the origin. */
  resourceMetadata(resource: "mcp" | "origin"): Record<string, unknown> | null {
    if (!this.issuer) return null;
    const resources = resourcesOf(this.issuer);
    return {
      resource: resources[resource],
      authorization_servers: [this.issuer],
      scopes_supported: [...SCOPES],
      bearer_methods_supported: ["header"],
      resource_name: "Interview Coach",
      resource_documentation: `${this.issuer}/openapi.json`,
    };
  }

  hints(path: string): ChallengeHints | undefined {
    if (!this.pathHints) return undefined;
    return path === "/mcp" || path.startsWith("/mcp/") ? this.pathHints.mcp : this.pathHints.origin;
  }
}

/** Where a client turned away from /mcp or from another route learns how to get a token for it; frozen, as every request shares them. */
function challengeHints(issuer: string): { mcp: ChallengeHints; origin: ChallengeHints } {
  const resources = resourcesOf(issuer);
  return {
    mcp: Object.freeze({ resourceMetadata: `${issuer}${PROTECTED_RESOURCE_PATH}/mcp`, scope: MCP_SCOPE, audiences: Object.freeze([resources.mcp]) }),
    origin: Object.freeze({ resourceMetadata: `${issuer}${PROTECTED_RESOURCE_PATH}`, audiences: Object.freeze([resources.origin, resources.mcp]) }),
  };
}
