import assert from "node:assert/strict";
import { catchRedirects, launchBrowser, type RedirectCatcher, type TestBrowser } from "../support/oauth-client.js";
import { authorizationUrl, authorizeInBrowser, exchange, pkcePair, registerClient } from "../support/oauth-flow.js";
import { MCP_HEADERS, request, rpc, runCli, type HttpCoach } from "../support/http-server.js";
import { RedisFleet } from "../support/redis-fleet.js";

describe("OAuth across instances sharing one Redis", function () {
  this.timeout(120_000);
  let fleet: RedisFleet;
  let browser: TestBrowser;
  let redirects: RedirectCatcher;
  let first: HttpCoach;
  let second: HttpCoach;

  before(async () => {
    [fleet, browser, redirects] = await Promise.all([RedisFleet.start(), launchBrowser(), catchRedirects()]);
    first = await fleet.instance();
    // Behind one public URL, as a load balancer would put them: one issuer, one set of resources.
    second = await fleet.instance(["--public-url", first.url]);
  });

  after(async () => {
    await Promise.all([fleet?.stop(), browser?.close(), redirects?.close()]);
  });

  it("a client registered, signed in and consented on one instance gets, uses, refreshes and loses its tokens on the other", async () => {
    const client = await registerClient(first, redirects.url);
    const code = await runCli(["keys", "sign-in-code", "--user", "noor", "--redis", fleet.redis.url]);
    assert.equal(code.code, 0, code.stderr);
    const pkce = pkcePair();
    const page = await browser.page();
    const back = await authorizeInBrowser(
      page,
      authorizationUrl(first, client, redirects.url, { resource: `${first.url}/mcp`, code_challenge: pkce.challenge, code_challenge_method: "S256" }),
      code.stdout.trim(),
      redirects,
    );
    const tokens = await exchange(second, {
      grant_type: "authorization_code",
      code: back.get("code")!,
      code_verifier: pkce.verifier,
      redirect_uri: redirects.url,
      client_id: client.client_id,
    });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    const listTools = (coach: HttpCoach, token: string) => request(coach, "/mcp", { credential: token, body: rpc("tools/list"), headers: MCP_HEADERS });
    assert.equal((await listTools(second, tokens.body.access_token!)).status, 200);
    assert.equal((await listTools(first, tokens.body.access_token!)).status, 200);

    const refreshed = await exchange(first, { grant_type: "refresh_token", refresh_token: tokens.body.refresh_token!, client_id: client.client_id });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const apps = await runCli(["keys", "apps", "--user", "noor", "--json", "--redis", fleet.redis.url]);
    const [app] = (JSON.parse(apps.stdout) as { apps: { grantId: string; appName: string }[] }).apps;
    assert.equal(app?.appName, "Refusal Tester");
    const disconnected = await runCli(["keys", "disconnect", app.grantId, "--redis", fleet.redis.url]);
    assert.equal(disconnected.code, 0, disconnected.stderr);
    assert.equal((await listTools(second, refreshed.body.access_token!)).status, 401);
    assert.equal((await listTools(first, refreshed.body.access_token!)).status, 401);
    const afterDisconnect = await exchange(second, { grant_type: "refresh_token", refresh_token: refreshed.body.refresh_token!, client_id: client.client_id });
    assert.equal(afterDisconnect.status, 400);
    await page.context().close();
  });
});
