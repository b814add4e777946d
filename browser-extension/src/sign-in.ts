import {
  auth,
  discoverAuthorizationServerMetadata,
  discoverOAuthServerInfo,
  refreshAuthorization,
  type OAuthClientProvider,
} from "@modelcontextprotocol/sdk/client/auth.js";
import { InvalidGrantError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { codeFromRedirect } from "./sign-in-redirect";
import { forget, load, save, type SignInRecord } from "./storage";

/** What the panel does on the person's behalf: practise and read (memory), and keep the project and session in step. The server issues a refresh token to any client registered for that grant. */
export const SCOPES = "memory:access project:read project:write session:sync";

/** One renewal at a time across the panel, the options page and the background: each refresh token works once, and a second use revokes the grant. */
const RENEWAL_LOCK = "interview-coach-token-renewal";
/** Renewed this long before the access token lapses, so a request on its way does not carry one that expires. */
const RENEW_EARLY_MS = 60_000;

/** What renewing needs, when the access token is about to lapse; null while it is good (or cannot be renewed). */
function renewal(record: SignInRecord, now: number): { client: OAuthClientInformationMixed; refreshToken: string } | null {
  const { client, tokens, tokensAt } = record;
  if (!client || !tokens?.refresh_token || tokens.expires_in === undefined || tokensAt === undefined) return null;
  return tokensAt + tokens.expires_in * 1000 - RENEW_EARLY_MS <= now ? { client, refreshToken: tokens.refresh_token } : null;
}

/** Firefox and Chrome both offer chrome.identity; its redirect address names which browser this is. */
export const browserName = () => (chrome.identity.getRedirectURL().includes("allizom.org") ? "Firefox" : "Chrome");

/**
 * The MCP SDK's OAuth client (discovery, dynamic registration, PKCE, token exchange and refresh) with
 * everything it keeps in the extension's storage, per server, so every page of the extension shares one sign-in.
 */
export class ExtensionAuthProvider implements OAuthClientProvider {
  private pendingAuthorization: URL | null = null;

  constructor(readonly server: string) {}

  get redirectUrl(): string {
    return chrome.identity.getRedirectURL();
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: `Interview Coach for ${browserName()}`,
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      scope: SCOPES,
    };
  }

  async record(): Promise<SignInRecord> {
    const stored = await load("auth");
    return stored?.server === this.server ? stored : { server: this.server };
  }

  private async update(change: Partial<SignInRecord>): Promise<void> {
    await save("auth", { ...(await this.record()), ...change, server: this.server });
  }

  async state(): Promise<string> {
    const state = crypto.randomUUID();
    await this.update({ state });
    return state;
  }

  async clientInformation(): Promise<OAuthClientInformationMixed | undefined> {
    return (await this.record()).client;
  }

  saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    return this.update({ client });
  }

  /** The tokens, renewed first when the access token is about to lapse, by whichever page of the extension gets there first. */
  async tokens(): Promise<OAuthTokens | undefined> {
    const record = await this.record();
    if (!renewal(record, Date.now())) return record.tokens;
    return navigator.locks.request(RENEWAL_LOCK, async () => {
      // Another page may have renewed them while this one waited for the lock.
      const current = await this.record();
      const due = renewal(current, Date.now());
      if (!due) return current.tokens;
      try {
        const { authorizationServerUrl, authorizationServerMetadata, resourceMetadata } = await discoverOAuthServerInfo(`${this.server}/mcp`);
        const tokens = await refreshAuthorization(authorizationServerUrl, {
          metadata: authorizationServerMetadata,
          clientInformation: due.client,
          refreshToken: due.refreshToken,
          resource: resourceMetadata?.resource ?? `${this.server}/mcp`,
        });
        await this.saveTokens({ ...tokens, refresh_token: tokens.refresh_token ?? due.refreshToken });
        return (await this.record()).tokens;
      } catch (error) {
        // A refused grant (revoked, expired) means signing in again; an unreachable server leaves the tokens for when it is back.
        if (error instanceof InvalidGrantError) {
          await this.invalidateCredentials("tokens");
          return undefined;
        }
        return current.tokens;
      }
    });
  }

  saveTokens(tokens: OAuthTokens): Promise<void> {
    return this.update({ tokens, tokensAt: Date.now() });
  }

  redirectToAuthorization(url: URL): void {
    this.pendingAuthorization = url;
  }

  saveCodeVerifier(verifier: string): Promise<void> {
    return this.update({ verifier });
  }

  async codeVerifier(): Promise<string> {
    const { verifier } = await this.record();
    if (!verifier) throw new Error("No sign-in is under way in this browser; start it again from the panel.");
    return verifier;
  }

  /** The SDK drops what the server refused (a revoked grant, an unknown client) and starts again. */
  async invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): Promise<void> {
    const record = await this.record();
    if (scope === "all" || scope === "tokens") {
      delete record.tokens;
      delete record.tokensAt;
    }
    if (scope === "all" || scope === "client") delete record.client;
    if (scope === "all" || scope === "verifier") delete record.verifier;
    await save("auth", record);
  }

  takeAuthorizationUrl(): URL {
    const url = this.pendingAuthorization;
    this.pendingAuthorization = null;
    if (!url) throw new Error("The server did not ask for a sign-in.");
    return url;
  }
}

/**
 * Signs the person in to `server`: registers this browser as a client on first use, opens the server's
 * sign-in and consent pages in the browser's sign-in window, and keeps the tokens.
 */
export async function signIn(server: string): Promise<void> {
  const provider = new ExtensionAuthProvider(server);
  const serverUrl = `${server}/mcp`;
  if ((await auth(provider, { serverUrl, scope: SCOPES })) === "AUTHORIZED") return;
  const authorizationUrl = provider.takeAuthorizationUrl();
  let redirected: string | undefined;
  try {
    redirected = await chrome.identity.launchWebAuthFlow({ url: authorizationUrl.href, interactive: true });
  } catch (error) {
    throw new Error(`Sign-in did not finish: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!redirected) throw new Error("Sign-in was closed before it finished.");
  const code = codeFromRedirect(redirected, (await provider.record()).state);
  if ((await auth(provider, { serverUrl, authorizationCode: code, scope: SCOPES })) !== "AUTHORIZED")
    throw new Error("Sign-in did not complete; start it again.");
  const { verifier: _verifier, state: _state, ...kept } = await provider.record();
  await save("auth", kept);
}

/**
 * Revokes this browser's grant at the server (RFC 7009) and forgets the tokens. Returns a note when
 * the server could not be told, so the person knows to disconnect it there.
 */
export async function signOut(server: string): Promise<string | null> {
  const record = await new ExtensionAuthProvider(server).record();
  // What the coach sent is the person's: it goes with the sign-in. Practice still waiting to be recorded stays, for the next sign-in.
  await Promise.all([forget("auth"), forget("answers"), forget("live"), forget("practice")]);
  const token = record.tokens?.refresh_token ?? record.tokens?.access_token;
  if (!token || !record.client) return null;
  try {
    const metadata = await discoverAuthorizationServerMetadata(server);
    const endpoint = metadata && "revocation_endpoint" in metadata ? metadata.revocation_endpoint : undefined;
    if (!endpoint) return `${server} offers no revocation; disconnect this browser in VS Code (Interview Coach: Connected Apps).`;
    const response = await fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        token,
        token_type_hint: record.tokens?.refresh_token ? "refresh_token" : "access_token",
        client_id: record.client.client_id,
      }),
    });
    return response.ok
      ? null
      : `The server answered ${response.status} to the revocation; disconnect this browser in VS Code (Interview Coach: Connected Apps).`;
  } catch {
    return `Signed out here, but ${server} could not be reached to revoke the sign-in; disconnect this browser in VS Code (Interview Coach: Connected Apps).`;
  }
}
