import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "./chromium.js";

/** Where an OAuth redirect lands: a page on 127.0.0.1 that records the code (or error) the browser brings back. */
export interface RedirectCatcher {
  url: string;
  /** Resolves with the query of the next redirect that arrives. */
  next(): Promise<URLSearchParams>;
  close(): Promise<void>;
}

export async function catchRedirects(): Promise<RedirectCatcher> {
  const waiting: ((query: URLSearchParams) => void)[] = [];
  const arrived: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    // The browser also asks for /favicon.ico: only the callback path is a redirect.
    if (url.pathname !== "/callback") return void response.writeHead(404).end();
    const query = url.searchParams;
    const waiter = waiting.shift();
    if (waiter) waiter(query);
    else arrived.push(query);
    response.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Connected</title><p>You can close this window.</p>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    next: () => {
      const early = arrived.shift();
      return early ? Promise.resolve(early) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * A connector as the MCP SDK's auth() drives it: it registers dynamically, keeps its tokens and
 * PKCE verifier in memory, and hands the authorization URL to whoever plays the person.
 */
export class ConnectorProvider implements OAuthClientProvider {
  information: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  authorizationUrls: URL[] = [];

  constructor(
    private readonly redirect: string,
    private readonly name = "Test Connector",
  ) {}

  get redirectUrl(): string {
    return this.redirect;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [this.redirect],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.information;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    this.information = information;
  }

  tokens(): OAuthTokens | undefined {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }

  redirectToAuthorization(url: URL): void {
    this.authorizationUrls.push(url);
  }

  /** The SDK drops what the server refused (a revoked grant, an unknown client) and starts again. */
  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (scope === "all" || scope === "tokens") this.saved = undefined;
    if (scope === "all" || scope === "client") this.information = undefined;
    if (scope === "all" || scope === "verifier") this.verifier = "";
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }
}

export interface TestBrowser {
  browser: Browser;
  page(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's Chromium, headless, with a throwaway profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const home = mkdtempSync(path.join(os.tmpdir(), "coach-oauth-browser-"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), XDG_CACHE_HOME: path.join(home, ".cache") },
  });
  return {
    browser,
    page: async () => (await browser.newContext({ viewport: { width: 900, height: 900 } })).newPage(),
    close: async () => {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
