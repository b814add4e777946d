import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { catchRedirects, launchBrowser, type RedirectCatcher, type TestBrowser } from "../support/oauth-client.js";
import {
  authorizationUrl,
  authorizeInBrowser,
  exchange,
  pkcePair,
  registerClient,
  signInCode,
  submitCredential,
  type RegisteredClient,
} from "../support/oauth-flow.js";
import { createKey, MCP_HEADERS, request, rpc, startHttpCoach, type HttpCoach } from "../support/http-server.js";

describe("OAuth refusals: what the authorization server turns away", function () {
  this.timeout(120_000);
  let dir: string;
  let coach: HttpCoach;
  let browser: TestBrowser;
  let redirects: RedirectCatcher;
  let client: RegisteredClient;
  let page: Page;

  /** A code for `resource`, from a browser of its own (no session to skip sign-in), signed in with a fresh one-time code and consented. */
  async function codeFor(resource: string, pkce = pkcePair()): Promise<{ code: string; verifier: string }> {
    const url = authorizationUrl(coach, client, redirects.url, { resource, code_challenge: pkce.challenge, code_challenge_method: "S256" });
    const own = await browser.page();
    try {
      const back = await authorizeInBrowser(own, url, await signInCode(coach, "grace"), redirects);
      assert.equal(back.get("error"), null, back.get("error_description") ?? "");
      return { code: back.get("code")!, verifier: pkce.verifier };
    } finally {
      await own.context().close();
    }
  }

  const redeem = (code: string, verifier: string) =>
    exchange(coach, { grant_type: "authorization_code", code, code_verifier: verifier, redirect_uri: redirects.url, client_id: client.client_id });
  const toolsList = (token: string) => request(coach, "/mcp", { credential: token, body: rpc("tools/list"), headers: MCP_HEADERS });

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-oauth-refusals-"));
    [coach, browser, redirects] = await Promise.all([startHttpCoach({ dataDir: dir }), launchBrowser(), catchRedirects()]);
    client = await registerClient(coach, redirects.url);
  });

  beforeEach(async () => {
    // A new browser context each time: no session cookie carries consent from one case to the next.
    page = await browser.page();
  });

  afterEach(async () => {
    await page.context().close();
  });

  after(async () => {
    await Promise.all([coach?.stop(), browser?.close(), redirects?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a wrong PKCE verifier, and a code used twice (which also ends the tokens it gave)", async () => {
    const { code } = await codeFor(`${coach.url}/mcp`);
    const wrong = await redeem(code, pkcePair().verifier);
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error, "invalid_grant");

    const second = await codeFor(`${coach.url}/mcp`);
    const first = await redeem(second.code, second.verifier);
    assert.equal(first.status, 200);
    assert.equal((await toolsList(first.body.access_token!)).status, 200);
    const again = await redeem(second.code, second.verifier);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, "invalid_grant");
    assert.equal((await toolsList(first.body.access_token!)).status, 401, "a replayed code revokes what the code gave");
  });

  it("binds each token to its resource: one minted for the origin opens the REST API but not /mcp", async () => {
    const { code, verifier } = await codeFor(coach.url);
    const token = await redeem(code, verifier);
    assert.equal(token.status, 200);
    const refused = await toolsList(token.body.access_token!);
    assert.equal(refused.status, 401);
    assert.match(
      refused.headers.get("www-authenticate") ?? "",
      /error="invalid_token", error_description="the access token was issued for http:\/\/127\.0\.0\.1:\d+, not for \/mcp"/,
    );
    assert.equal((await request(coach, "/api/v1/questions", { credential: token.body.access_token! })).status, 200);
  });

  it("will not mint a token for another server's resource, nor without PKCE S256", async () => {
    const pkce = pkcePair();
    const cases: [Record<string, string>, RegExp][] = [
      [{ resource: "https://elsewhere.example/mcp", code_challenge: pkce.challenge, code_challenge_method: "S256" }, /invalid_target/],
      [{ resource: `${coach.url}/mcp` }, /invalid_request/],
      [{ resource: `${coach.url}/mcp`, code_challenge: pkce.verifier, code_challenge_method: "plain" }, /invalid_request/],
    ];
    for (const [params, error] of cases) {
      const arrived = redirects.next();
      await page.goto(authorizationUrl(coach, client, redirects.url, params).href);
      const back = await arrived;
      assert.match(back.get("error") ?? "", error, JSON.stringify([params, [...back]]));
    }
  });

  it("a person who denies sends the app access_denied; five wrong codes end the attempt the same way", async () => {
    const pkce = pkcePair();
    const url = authorizationUrl(coach, client, redirects.url, { resource: `${coach.url}/mcp`, code_challenge: pkce.challenge, code_challenge_method: "S256" });
    const denied = await authorizeInBrowser(page, url, await signInCode(coach, "grace"), redirects, "Deny");
    assert.equal(denied.get("error"), "access_denied");

    const fresh = await browser.page();
    const arrived = redirects.next();
    await fresh.goto(url.href);
    for (let attempt = 1; attempt < 5; attempt++) {
      await submitCredential(fresh, "ZZZZ-ZZZZ");
      await fresh
        .getByRole("alert")
        .filter({ hasText: `${5 - attempt} tries left` })
        .waitFor();
    }
    await submitCredential(fresh, "ZZZZ-ZZZZ");
    assert.equal((await arrived).get("error"), "access_denied");
    await fresh.context().close();
  });

  it("a code works once, and an API key signs its owner in too", async () => {
    const code = await signInCode(coach, "grace");
    const pkce = pkcePair();
    const url = authorizationUrl(coach, client, redirects.url, { resource: `${coach.url}/mcp`, code_challenge: pkce.challenge, code_challenge_method: "S256" });
    const back = await authorizeInBrowser(page, url, code, redirects);
    assert.ok(back.get("code"));

    const other = await browser.page();
    await other.goto(url.href);
    await submitCredential(other, code);
    await other.getByRole("alert").filter({ hasText: "not valid" }).waitFor();
    const key = await createKey(dir, "grace", ["memory:access"]);
    const arrived = redirects.next();
    await submitCredential(other, key);
    await other.getByRole("button", { name: "Allow" }).click();
    assert.ok((await arrived).get("code"));
    await other.context().close();
  });

  it("signing in with a narrow key consents to no more than the key's own scopes", async () => {
    const key = await createKey(dir, "grace", ["project:read"]);
    const pkce = pkcePair();
    const url = authorizationUrl(coach, client, redirects.url, {
      resource: `${coach.url}/mcp`,
      scope: "project:read memory:access",
      code_challenge: pkce.challenge,
      code_challenge_method: "S256",
    });
    const arrived = redirects.next();
    await page.goto(url.href);
    await submitCredential(page, key);
    await page.getByText("which the key or code you signed in with does not allow").waitFor();
    assert.deepEqual(await page.locator("ul.scopes code").allTextContents(), ["project:read"]);
    await page.getByRole("button", { name: "Allow" }).click();
    const token = await redeem((await arrived).get("code")!, pkce.verifier);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(token.body.scope, "project:read");
    const refused = await toolsList(token.body.access_token!);
    assert.equal(refused.status, 403, "memory:access was never granted");
  });

  it("refuses a sign-in form that did not come from its page (CSRF)", async () => {
    const pkce = pkcePair();
    await page.goto(
      authorizationUrl(coach, client, redirects.url, { resource: `${coach.url}/mcp`, code_challenge: pkce.challenge, code_challenge_method: "S256" }).href,
    );
    const action = await page.locator("form").first().getAttribute("action");
    // Same browser, same cookies, but a form token the page never gave.
    const response = await page.request.post(new URL(action!, coach.url).href, { form: { csrf: "forged", credential: await signInCode(coach, "grace") } });
    assert.equal(response.status(), 403);
  });
});
