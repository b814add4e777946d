import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { catchRedirects, launchBrowser } from "../support/oauth-client.js";
import { authorizationUrl, authorizeInBrowser, exchange, pkcePair, registerClient, signInCode } from "../support/oauth-flow.js";
import { createKey, MCP_HEADERS, request, rpc, runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";

describe("OAuth records survive a restart and keep no bearer secret readable", function () {
  this.timeout(120_000);

  it("a confidential client's refresh works after a restart, and server.sqlite holds no token or client secret in the clear", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "coach-oauth-restart-"));
    const [browser, redirects] = await Promise.all([launchBrowser(), catchRedirects()]);
    let coach = await startHttpCoach({ dataDir: dir });
    try {
      const client = await registerClient(coach, redirects.url, { client_name: "Confidential", token_endpoint_auth_method: "client_secret_basic" });
      assert.ok(client.client_secret);
      const basic = { authorization: `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString("base64")}` };
      const pkce = pkcePair();
      const url = authorizationUrl(coach, client, redirects.url, {
        resource: `${coach.url}/mcp`,
        code_challenge: pkce.challenge,
        code_challenge_method: "S256",
      });
      const page = await browser.page();
      const back = await authorizeInBrowser(page, url, await signInCode(coach, "lin"), redirects);
      const form = { grant_type: "authorization_code", code: back.get("code")!, code_verifier: pkce.verifier, redirect_uri: redirects.url };
      const withoutSecret = await exchange(coach, { ...form, client_id: client.client_id });
      assert.equal(withoutSecret.status, 401, "a confidential client must authenticate");
      const tokens = await exchange(coach, form, basic);
      assert.equal(tokens.status, 200, JSON.stringify(tokens.body));

      await coach.stop();
      // The same address, as a deployment keeps its public URL: tokens are bound to it.
      coach = await startHttpCoach({ dataDir: dir, args: ["--port", String(coach.port)] });
      const stored = readFileSync(path.join(dir, "server.sqlite")).toString("latin1");
      for (const secret of [tokens.body.access_token!, tokens.body.refresh_token!, client.client_secret!])
        assert.ok(!stored.includes(secret), "a bearer secret is stored in the clear");
      const refreshed = await exchange(coach, { grant_type: "refresh_token", refresh_token: tokens.body.refresh_token! }, basic);
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      const wrongSecret = await exchange(
        coach,
        { grant_type: "refresh_token", refresh_token: refreshed.body.refresh_token! },
        { authorization: `Basic ${Buffer.from(`${client.client_id}:wrong`).toString("base64")}` },
      );
      assert.equal(wrongSecret.status, 401);
      const listed = await request(coach, "/mcp", { credential: refreshed.body.access_token!, body: rpc("tools/list"), headers: MCP_HEADERS });
      assert.equal(listed.status, 200);
    } finally {
      await Promise.all([coach.stop(), browser.close(), redirects.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("client_credentials for service-to-service use", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-oauth-service-"));
    coach = await startHttpCoach({ dataDir: dir });
  });

  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("an operator's service client gets a token for its user and scopes only, and loses it when disconnected", async () => {
    const created = await runCli(["keys", "service-client", "--user", "sam", "--scope", "memory:access", "--name", "Nightly digest", "--data-dir", dir]);
    assert.equal(created.code, 0, created.stderr);
    const [clientId, secret] = created.stdout.trim().split("\n");
    const basic = { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` };
    const token = await exchange(coach, { grant_type: "client_credentials", scope: "memory:access", resource: `${coach.url}/mcp` }, basic);
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(token.body.refresh_token, undefined);
    const listed = await request(coach, "/mcp", { credential: token.body.access_token!, body: rpc("tools/list"), headers: MCP_HEADERS });
    assert.equal(listed.status, 200);
    const beyond = await exchange(coach, { grant_type: "client_credentials", scope: "project:write", resource: `${coach.url}/mcp` }, basic);
    assert.equal(beyond.status, 400);
    assert.equal(beyond.body.error, "invalid_scope");
    const wrong = await exchange(
      coach,
      { grant_type: "client_credentials", scope: "memory:access" },
      { authorization: `Basic ${Buffer.from(`${clientId}:nope`).toString("base64")}` },
    );
    assert.equal(wrong.status, 401);

    const apps = JSON.parse((await runCli(["keys", "apps", "--user", "sam", "--json", "--data-dir", dir])).stdout) as {
      services: { clientId: string; name: string }[];
    };
    assert.deepEqual(
      apps.services.map((s) => [s.clientId, s.name]),
      [[clientId, "Nightly digest"]],
    );
    assert.equal((await runCli(["keys", "disconnect", clientId!, "--data-dir", dir])).code, 0);
    const after = await request(coach, "/mcp", { credential: token.body.access_token!, body: rpc("tools/list"), headers: MCP_HEADERS });
    assert.equal(after.status, 401);
  });

  it("open registration cannot bind a client to a user nor ask for client_credentials", async () => {
    for (const metadata of [{ coach_user_id: "sam" }, { grant_types: ["client_credentials"], response_types: [], redirect_uris: [] }]) {
      const response = await fetch(`${coach.url}/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ redirect_uris: ["http://127.0.0.1:9/cb"], ...metadata }),
      });
      const body = (await response.json()) as { error: string; error_description: string };
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(body.error, "invalid_client_metadata");
    }
  });
});

describe("connecting apps from a person's own key (what VS Code's commands use)", function () {
  this.timeout(120_000);

  it("a key gets a code and the MCP URL, lists the app connected with it, and disconnects it; an app's own token manages nothing", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "coach-oauth-connect-"));
    const [browser, redirects] = await Promise.all([launchBrowser(), catchRedirects()]);
    const coach = await startHttpCoach({ dataDir: dir });
    try {
      const key = await createKey(dir, "ines", ["memory:access", "project:read"]);
      const other = await createKey(dir, "omar", ["memory:access"]);
      const minted = await request(coach, "/v1/auth/sign-in-codes", { method: "POST", credential: key });
      assert.equal(minted.status, 201);
      const code = (await minted.json()) as { code: string; mcpUrl: string; scopes: string[]; expiresAt: string };
      assert.equal(code.mcpUrl, `${coach.url}/mcp`);
      assert.deepEqual(code.scopes, ["memory:access", "project:read"]);
      assert.match(code.code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

      const client = await registerClient(coach, redirects.url, { client_name: "ChatGPT" });
      const pkce = pkcePair();
      const url = authorizationUrl(coach, client, redirects.url, {
        resource: `${coach.url}/mcp`,
        scope: "memory:access project:write",
        code_challenge: pkce.challenge,
        code_challenge_method: "S256",
      });
      const back = await authorizeInBrowser(await browser.page(), url, code.code, redirects);
      const tokens = await exchange(coach, {
        grant_type: "authorization_code",
        code: back.get("code")!,
        code_verifier: pkce.verifier,
        redirect_uri: redirects.url,
        client_id: client.client_id,
      });
      assert.equal(tokens.body.scope, "memory:access", "project:write is beyond the key that asked for the code");

      const listed = (await (await request(coach, "/v1/auth/apps", { credential: key })).json()) as {
        apps: { id: string; name: string; kind: string; scopes: string[] }[];
      };
      assert.deepEqual(
        listed.apps.map((a) => [a.name, a.kind, a.scopes]),
        [["ChatGPT", "app", ["memory:access"]]],
      );
      assert.deepEqual(((await (await request(coach, "/v1/auth/apps", { credential: other })).json()) as { apps: unknown[] }).apps, []);
      assert.equal((await request(coach, "/v1/auth/apps", { credential: tokens.body.access_token! })).status, 403);
      assert.equal((await request(coach, `/v1/auth/apps/${listed.apps[0]!.id}`, { method: "DELETE", credential: other })).status, 404);
      assert.equal((await request(coach, `/v1/auth/apps/${listed.apps[0]!.id}`, { method: "DELETE", credential: key })).status, 204);
      assert.equal((await request(coach, "/mcp", { credential: tokens.body.access_token!, body: rpc("tools/list"), headers: MCP_HEADERS })).status, 401);
      assert.equal((await request(coach, `/v1/auth/apps/${listed.apps[0]!.id}`, { method: "DELETE", credential: key })).status, 404);
    } finally {
      await Promise.all([coach.stop(), browser.close(), redirects.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
