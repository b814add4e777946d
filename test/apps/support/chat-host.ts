// A chat host for the apps' tests: the built server over stdio (the SDK's Client, announcing MCP Apps),
// a host page on 127.0.0.1 built on ext-apps' AppBridge, and Debian's Chromium showing it.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { getToolUiResourceUri, RESOURCE_MIME_TYPE } from "@modelcontextprotocol/ext-apps/app-bridge";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolRequest, CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { seedHistory } from "../../e2e/support/seed.js";
import { requireBuild, SERVER_BUNDLE } from "../../support/spawned-coach.js";
import { CHROMIUM, CHROMIUM_ARGS } from "../../support/chromium.js";
import type { OpenApp, ResourceCsp } from "./host-page.js";

export const RESULTS = path.join(__dirname, "../../../test-results/apps");

/** Style variables as a chat host sends them (ext-apps' names), light and dark. */
export const HOST_THEMES: Record<"light" | "dark", Record<string, string>> = {
  light: {
    "--color-background-primary": "#faf9f5",
    "--color-background-secondary": "#f0eee6",
    "--color-text-primary": "#141413",
    "--color-text-secondary": "#5e5d59",
    "--color-text-info": "#2c6bd4",
    "--color-text-inverse": "#ffffff",
    "--color-border-primary": "#d9d7cf",
    "--font-sans": "system-ui, sans-serif",
  },
  dark: {
    "--color-background-primary": "#262624",
    "--color-background-secondary": "#30302e",
    "--color-text-primary": "#faf9f5",
    "--color-text-secondary": "#c2c0b6",
    "--color-text-info": "#7aaef5",
    "--color-text-inverse": "#141413",
    "--color-border-primary": "#4a4945",
    "--font-sans": "system-ui, sans-serif",
  },
};

export interface ChatHost {
  client: Client;
  page: Page;
  /** Every tools/call an app made through the host, in order. */
  relayed: CallToolRequest["params"][];
  /** Calls the tool as a model would, opens its app with the result, and returns the app's frame. */
  open(
    name: string,
    args: Record<string, unknown>,
    theme: "light" | "dark",
    variables?: Record<string, string>,
  ): Promise<{ frame: Frame; result: CallToolResult }>;
  /** What the app's page logged as errors, CSP violations among them. */
  consoleErrors: string[];
  /** Requests the page made beyond the host page itself. */
  outsideRequests: string[];
  close(): Promise<void>;
}

async function hostPageHtml(): Promise<string> {
  const built = await esbuild.build({
    entryPoints: [path.join(__dirname, "host-page.ts")],
    bundle: true,
    write: false,
    platform: "browser",
    format: "iife",
    target: "es2022",
    logLevel: "silent",
  });
  const script = built.outputFiles[0]!.text.replace(/<\/script/gi, "<\\/script");
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>Coach test host</title></head><body style="margin:12px"><script>${script}</script></body></html>`;
}

export async function startChatHost(): Promise<ChatHost> {
  requireBuild();
  mkdirSync(RESULTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-apps-host-"));
  await seedHistory(dataDir);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_BUNDLE, "--data-dir", dataDir],
    env: getDefaultEnvironment(),
    stderr: "pipe",
  });
  const client = new Client(
    { name: "coach-test-host", version: "1.0.0" },
    { capabilities: { extensions: { "io.modelcontextprotocol/ui": { mimeTypes: [RESOURCE_MIME_TYPE] } } } },
  );
  await client.connect(transport);
  const html = await hostPageHtml();
  const server: Server = createServer((request, response) => {
    if (request.url !== "/") return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const home = path.join(dataDir, "chromium-home");
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), XDG_CACHE_HOME: path.join(home, ".cache") },
  });
  const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
  const relayed: CallToolRequest["params"][] = [];
  const consoleErrors: string[] = [];
  const outsideRequests: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("request", (request) => {
    const url = request.url();
    if (url !== `${origin}/` && !url.startsWith("about:") && !url.startsWith("data:")) outsideRequests.push(url);
  });
  await page.exposeFunction("relayCallTool", async (params: CallToolRequest["params"]) => {
    relayed.push(params);
    return client.callTool(params);
  });
  const tools = new Map<string, Tool>((await client.listTools()).tools.map((t) => [t.name, t]));

  return {
    client,
    page,
    relayed,
    consoleErrors,
    outsideRequests,
    async open(name, args, theme, variables = HOST_THEMES[theme]) {
      const tool = tools.get(name);
      const uri = tool && getToolUiResourceUri(tool);
      if (!tool || !uri) throw new Error(`${name} declares no app`);
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      const { contents } = await client.readResource({ uri });
      const resource = contents[0] as { text: string; mimeType: string; _meta?: { ui?: { csp?: ResourceCsp } } };
      if (resource.mimeType !== RESOURCE_MIME_TYPE) throw new Error(`${uri} is ${resource.mimeType}`);
      await page.goto(`${origin}/`);
      const open: OpenApp = {
        html: resource.text,
        csp: resource._meta?.ui?.csp,
        tool: { name, inputSchema: { type: "object" } },
        input: args,
        result,
        theme,
        variables,
      };
      await page.evaluate((o) => window.openApp(o), open);
      const frame = await (await page.waitForSelector("iframe")).contentFrame();
      if (!frame) throw new Error("the app's iframe has no frame");
      return { frame, result };
    },
    async close() {
      await browser.close();
      await client.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
