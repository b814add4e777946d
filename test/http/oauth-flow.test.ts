import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { auth } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Page } from "playwright-core";
import { catchRedirects, ConnectorProvider, launchBrowser, type RedirectCatcher, type TestBrowser } from "../support/oauth-client.js";
import { authorizationUrl, pkcePair, registerClient, signInCode } from "../support/oauth-flow.js";
import { contrast, parseColor } from "../e2e/support/readability.js";
import { MCP_HEADERS, request, rpc, runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";

const SHOTS = path.join(__dirname, "../../test-results/oauth");

/** What a person does in the browser the connector opened: types the code, reads the consent page, allows. */
async function signInAndAllow(page: Page, url: URL, code: string, shot?: string): Promise<void> {
  await page.goto(url.href);
  await page.getByLabel("Sign-in code or API key").fill(code);
  if (shot) await page.screenshot({ path: path.join(SHOTS, `${shot}-sign-in.png`) });
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /^Allow .* to use your Interview Coach\?$/ }).waitFor();
  if (shot) await page.screenshot({ path: path.join(SHOTS, `${shot}-consent.png`) });
  await page.getByRole("button", { name: "Allow" }).click();
}

async function tokenRequest(coach: HttpCoach, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${coach.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("OAuth 2.1 sign-in for remote connectors", function () {
  this.timeout(90_000);
  let dir: string;
  let coach: HttpCoach;
  let browser: TestBrowser;
  let redirects: RedirectCatcher;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-oauth-"));
    [coach, browser, redirects] = await Promise.all([startHttpCoach({ dataDir: dir }), launchBrowser(), catchRedirects()]);
  });

  after(async () => {
    await Promise.all([coach?.stop(), browser?.close(), redirects?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers discovery without a credential and points /mcp's 401 at its resource metadata", async () => {
    const resource = await (await fetch(`${coach.url}/.well-known/oauth-protected-resource/mcp`)).json();
    assert.equal(resource.resource, `${coach.url}/mcp`);
    assert.deepEqual(resource.authorization_servers, [coach.url]);
    const root = await (await fetch(`${coach.url}/.well-known/oauth-protected-resource`)).json();
    assert.equal(root.resource, coach.url);
    const server = await (await fetch(`${coach.url}/.well-known/oauth-authorization-server`)).json();
    assert.equal(server.issuer, coach.url);
    const endpoints = [
      ["authorization_endpoint", "/authorize"],
      ["token_endpoint", "/token"],
      ["registration_endpoint", "/register"],
      ["revocation_endpoint", "/revoke"],
    ] as const;
    for (const [field, route] of endpoints) {
      assert.equal(new URL(server[field]).pathname, route, field);
    }
    assert.deepEqual(server.code_challenge_methods_supported, ["S256"]);
    assert.equal(server.client_id_metadata_document_supported, true);
    const refused = await request(coach, "/mcp", { body: rpc("tools/list"), headers: MCP_HEADERS });
    assert.equal(refused.status, 401);
    assert.equal(
      refused.headers.get("www-authenticate"),
      `Bearer realm="interview-coach", resource_metadata="${coach.url}/.well-known/oauth-protected-resource/mcp", scope="memory:access"`,
    );
    assert.equal((await fetch(`${coach.url}/no/such/path`)).status, 404);
  });

  it("takes an https URL as client_id (a Client ID Metadata Document) but will not fetch one from a private or loopback address", async () => {
    const url = new URL(`${coach.url}/authorize`);
    const params = {
      client_id: "https://127.0.0.1:9/connector.json",
      response_type: "code",
      redirect_uri: "https://127.0.0.1:9/cb",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      scope: "memory:access",
    };
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const page = await fetch(url);
    assert.equal(page.status, 400);
    assert.match(await page.text(), /client_id metadata document fetch failed/);
  });

  it("signs a person in with a one-time code, asks consent, and the connector calls a tool, refreshes and is revoked", async () => {
    const connector = new ConnectorProvider(redirects.url);
    assert.equal(await auth(connector, { serverUrl: `${coach.url}/mcp` }), "REDIRECT");
    const authorizationUrl = connector.authorizationUrls.at(-1)!;
    assert.equal(authorizationUrl.searchParams.get("resource"), `${coach.url}/mcp`);
    assert.equal(authorizationUrl.searchParams.get("code_challenge_method"), "S256");

    const page = await browser.page();
    const arrived = redirects.next();
    await signInAndAllow(page, authorizationUrl, await signInCode(coach, "ada"), "connector");
    const callback = await arrived;
    assert.equal(callback.get("error"), null, callback.get("error_description") ?? "");
    assert.equal(await auth(connector, { serverUrl: `${coach.url}/mcp`, authorizationCode: callback.get("code")! }), "AUTHORIZED");
    const first = connector.saved!;
    assert.ok(first.access_token && first.refresh_token);

    const client = new Client({ name: "connector", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${coach.url}/mcp`), { authProvider: connector }));
    const listed = await client.callTool({ name: "list_questions", arguments: {} });
    assert.equal(listed.isError, undefined);
    await client.close();

    // The SDK refreshes as a connector does when it holds a refresh token; the refresh token rotates and the spent one is refused.
    assert.equal(await auth(connector, { serverUrl: `${coach.url}/mcp` }), "AUTHORIZED");
    const second = connector.saved!;
    assert.notEqual(second.access_token, first.access_token);
    assert.notEqual(second.refresh_token, first.refresh_token);
    const spent = await tokenRequest(coach, { grant_type: "refresh_token", refresh_token: first.refresh_token!, client_id: connector.information!.client_id });
    assert.equal(spent.status, 400);
    assert.equal(spent.body.error, "invalid_grant");
    // Reusing a spent refresh token ends the grant (rotation's theft signal): the app signs in again.
    assert.equal(await auth(connector, { serverUrl: `${coach.url}/mcp` }), "REDIRECT");
    const again = await browser.page();
    const back = redirects.next();
    await signInAndAllow(again, connector.authorizationUrls.at(-1)!, await signInCode(coach, "ada"));
    assert.equal(await auth(connector, { serverUrl: `${coach.url}/mcp`, authorizationCode: (await back).get("code")! }), "AUTHORIZED");
    await again.context().close();
    const refreshed = { body: connector.saved! as unknown as Record<string, unknown> };
    const apps = await runCli(["keys", "apps", "--user", "ada", "--json", "--data-dir", dir]);
    const listedApps = (JSON.parse(apps.stdout) as { apps: { appName: string; scopes: string[] }[] }).apps;
    assert.equal(listedApps.length, 1);
    assert.equal(listedApps[0]!.appName, "Test Connector");

    const revoked = await fetch(`${coach.url}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: String(refreshed.body.refresh_token), token_type_hint: "refresh_token", client_id: connector.information!.client_id }),
    });
    assert.equal(revoked.status, 200);
    const afterRevoke = await tokenRequest(coach, {
      grant_type: "refresh_token",
      refresh_token: String(refreshed.body.refresh_token),
      client_id: connector.information!.client_id,
    });
    assert.equal(afterRevoke.status, 400);
    assert.equal(afterRevoke.body.error, "invalid_grant");
    await page.context().close();
  });

  it("the sign-in and consent pages read in light and dark, and work from the keyboard alone", async () => {
    const client = await registerClient(coach, redirects.url, { client_name: "Keyboard Connector" });
    const pkce = pkcePair();
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await browser.page();
      await page.emulateMedia({ colorScheme });
      await page.goto(
        authorizationUrl(coach, client, redirects.url, { resource: `${coach.url}/mcp`, code_challenge: pkce.challenge, code_challenge_method: "S256" }).href,
      );
      await page.screenshot({ path: path.join(SHOTS, `sign-in-${colorScheme}.png`) });
      const colours = await page.evaluate(() =>
        ["h1", "label", ".hint", "button.primary", "button:not(.primary)"].map((selector) => {
          const element = document.querySelector(selector)!;
          const own = getComputedStyle(element).backgroundColor;
          return {
            selector,
            color: getComputedStyle(element).color,
            background: own === "rgba(0, 0, 0, 0)" ? getComputedStyle(document.body).backgroundColor : own,
          };
        }),
      );
      for (const { selector, color, background } of colours) {
        const ratio = contrast(parseColor(color), parseColor(background));
        assert.ok(ratio >= 4.5, `${colorScheme}: ${selector} has contrast ${ratio.toFixed(2)} (${color} on ${background})`);
      }
      // The field has focus on arrival: type the code, Enter signs in; on the consent page Tab reaches Allow first.
      const arrived = redirects.next();
      await page.keyboard.type(await signInCode(coach, "ada"));
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: /^Allow Keyboard Connector/ }).waitFor();
      if (colorScheme === "dark") await page.screenshot({ path: path.join(SHOTS, "consent-dark.png") });
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Allow");
      await page.keyboard.press("Enter");
      assert.ok((await arrived).get("code"));
      await page.context().close();
    }
  });
});
