import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { freePort } from "../support/free-port.js";
import { launchBrowser, type TestBrowser } from "../support/oauth-client.js";
import { signInCode, submitCredential } from "../support/oauth-flow.js";
import { startHttpCoach, type HttpCoach } from "../support/http-server.js";

const MCP_REMOTE = path.join(__dirname, "../../node_modules/mcp-remote/dist/proxy.js");

/** Resolves with the authorization URL mcp-remote prints for the person to open. */
function authorizationUrlFrom(transport: StdioClientTransport, seen: string[]): Promise<URL> {
  return new Promise((resolve) => {
    let text = "";
    transport.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      seen.push(chunk.toString());
      const match = /Please authorize this client by visiting:\s+(\S+)/.exec(text);
      if (match) resolve(new URL(match[1]!));
    });
  });
}

describe("mcp-remote (from npm) connects through the OAuth pages", function () {
  this.timeout(120_000);
  let dir: string;
  let authDir: string;
  let coach: HttpCoach;
  let browser: TestBrowser;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-mcp-remote-"));
    authDir = mkdtempSync(path.join(os.tmpdir(), "coach-mcp-remote-auth-"));
    [coach, browser] = await Promise.all([startHttpCoach({ dataDir: dir }), launchBrowser()]);
  });

  after(async () => {
    await Promise.all([coach?.stop(), browser?.close()]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(authDir, { recursive: true, force: true });
  });

  it("registers, sends the person to sign in and consent, and proxies tool calls with the token it got", async () => {
    const callbackPort = await freePort();
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [MCP_REMOTE, `${coach.url}/mcp`, String(callbackPort), "--allow-http"],
      // Its token cache in a folder of its own; BROWSER makes xdg-open a no-op, as the test plays the person.
      env: { ...getDefaultEnvironment(), MCP_REMOTE_CONFIG_DIR: authDir, BROWSER: "/bin/true" },
      stderr: "pipe",
    });
    const seen: string[] = [];
    const authorization = authorizationUrlFrom(transport, seen);
    const client = new Client({ name: "desktop-app", version: "1.0.0" });
    const connected = client.connect(transport);
    try {
      const url = await authorization;
      assert.equal(url.origin, coach.url);
      assert.equal(url.searchParams.get("resource"), `${coach.url}/mcp`);
      const page = await browser.page();
      await page.goto(url.href);
      await submitCredential(page, await signInCode(coach, "mo"));
      await page.getByRole("button", { name: "Allow" }).click();
      await page.waitForURL(new RegExp(`^http://(localhost|127\\.0\\.0\\.1):${callbackPort}/`));
      await connected;
      const result = await client.callTool({
        name: "evaluate_response",
        arguments: { question: "Tell me about a migration you led", response: "I led it and it went well." },
      });
      assert.equal(result.isError, undefined, JSON.stringify(result));
      assert.equal(typeof (result.structuredContent as { overall: number }).overall, "number");
      await page.context().close();
    } catch (error) {
      throw new Error(`${(error as Error).message}\nmcp-remote said:\n${seen.join("")}`, { cause: error });
    } finally {
      await client.close();
    }
  });
});
