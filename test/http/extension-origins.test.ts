import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { BEARER_SUBPROTOCOL_PREFIX, SYNC_SUBPROTOCOL } from "../../mcp-server/src/contracts/awareness.js";
import { launchBrowser, type TestBrowser } from "../support/oauth-client.js";
import { authorizationUrl, pkcePair, registerClient, signInCode, submitCredential } from "../support/oauth-flow.js";
import { createKey, MCP_HEADERS, request, rpc, startHttpCoach, type HttpCoach } from "../support/http-server.js";

const EXTENSION_ID = "abcdefghijklmnopabcdefghijklmnop";
const EXTENSION = `chrome-extension://${EXTENSION_ID}`;
const REDIRECT = `https://${EXTENSION_ID}.chromiumapp.org/`;
const OTHER_EXTENSION = `chrome-extension://${"p".repeat(32)}`;

/** The status a WebSocket upgrade to /v1/sync gets from this origin with this credential. */
function syncUpgrade(coach: HttpCoach, origin: string, credential: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${coach.url.replace("http", "ws")}/v1/sync`, { headers: { origin, authorization: `Bearer ${credential}` } });
    socket.once("open", () => {
      socket.close();
      resolve(101);
    });
    socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    socket.once("error", reject);
  });
}

describe("browser-extension origins: a public client's own extension may use its token", function () {
  this.timeout(90_000);
  let dir: string;
  let coach: HttpCoach;
  let browser: TestBrowser;
  let accessToken: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-ext-origins-"));
    [coach, browser] = await Promise.all([startHttpCoach({ dataDir: dir }), launchBrowser()]);
    const client = await registerClient(coach, REDIRECT, {
      client_name: "Interview Coach for Chrome",
      grant_types: ["authorization_code", "refresh_token"],
      scope: "memory:access project:read",
    });
    const { verifier, challenge } = pkcePair();
    const url = authorizationUrl(coach, client, REDIRECT, {
      code_challenge: challenge,
      code_challenge_method: "S256",
      scope: "memory:access project:read",
      resource: `${coach.url}/mcp`,
    });
    // The browser owns chromiumapp.org: the redirect is caught where the identity API would catch it.
    const page = await browser.page();
    const redirected = new Promise<URL>((resolve) => void page.route(`${REDIRECT}**`, (route) => (resolve(new URL(route.request().url())), route.abort())));
    await page.goto(url.href);
    await submitCredential(page, await signInCode(coach, "ada"));
    await page.getByRole("button", { name: "Allow" }).click();
    const code = (await redirected).searchParams.get("code")!;
    const exchange = (origin: string) =>
      fetch(`${coach.url}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin },
        body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: client.client_id, code_verifier: verifier }),
      });
    const refused = await exchange(OTHER_EXTENSION);
    assert.equal(refused.status, 400, "another extension's page may not exchange this client's code");
    assert.match(await refused.text(), /not allowed for client/);
    const granted = await exchange(EXTENSION);
    assert.equal(granted.status, 200);
    assert.equal(granted.headers.get("access-control-allow-origin"), EXTENSION);
    accessToken = ((await granted.json()) as { access_token: string }).access_token;
  });

  after(async () => {
    await Promise.all([coach?.stop(), browser?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers /mcp from the extension the client redirects to, and refuses another extension or a web page with the same token", async () => {
    const call = (origin: string, credential = accessToken) =>
      request(coach, "/mcp", { credential, body: rpc("tools/list"), headers: { ...MCP_HEADERS, origin } });
    assert.equal((await call(EXTENSION)).status, 200);
    for (const origin of [OTHER_EXTENSION, "https://evil.example.com"]) {
      const refused = await call(origin);
      assert.equal(refused.status, 403, origin);
      assert.match(((await refused.json()) as { detail: string }).detail, new RegExp(`Origin ${origin} may not call this server`));
    }
  });

  it("does not open the extension's origin to an API key, which belongs to no browser client", async () => {
    const key = await createKey(dir, "ada", ["memory:access"]);
    const refused = await request(coach, "/mcp", { credential: key, body: rpc("tools/list"), headers: { ...MCP_HEADERS, origin: EXTENSION } });
    assert.equal(refused.status, 403);
  });

  it("opens /v1/sync to the extension with its token, and to no other origin", async () => {
    assert.equal(await syncUpgrade(coach, EXTENSION, accessToken), 101);
    assert.equal(await syncUpgrade(coach, OTHER_EXTENSION, accessToken), 403);
  });

  it("takes a browser's token offered as a subprotocol, selects only the sync protocol, and never echoes the token", async () => {
    const open = (protocols: string[]) =>
      new Promise<{ status: number; protocol: string }>((resolve, reject) => {
        const socket = new WebSocket(`${coach.url.replace("http", "ws")}/v1/sync`, protocols, { headers: { origin: EXTENSION } });
        socket.once("open", () => {
          resolve({ status: 101, protocol: socket.protocol });
          socket.close();
        });
        socket.once("unexpected-response", (_request, response) => resolve({ status: response.statusCode ?? 0, protocol: "" }));
        socket.once("error", reject);
      });
    assert.deepEqual(await open([SYNC_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${accessToken}`]), { status: 101, protocol: SYNC_SUBPROTOCOL });
    assert.equal((await open([SYNC_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}not-a-token`])).status, 401);
    assert.equal((await open([`${BEARER_SUBPROTOCOL_PREFIX}${accessToken}`])).status, 401, "the token counts only beside the sync protocol");
  });
});
