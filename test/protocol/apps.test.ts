import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY } from "@modelcontextprotocol/ext-apps/app-bridge";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createContext, type CoachContext } from "../../mcp-server/src/context.js";
import { silentLogger } from "../../mcp-server/src/log.js";
import { createServer } from "../../mcp-server/src/server.js";
import { requireBuild, SERVER_BUNDLE } from "../support/spawned-coach.js";

const EXTENSION_ID = "io.modelcontextprotocol/ui";
/** A chat host that renders MCP Apps says so in its capabilities, as ext-apps' AppBridge hosts do. */
const APPS_HOST_CAPABILITIES = { extensions: { [EXTENSION_ID]: { mimeTypes: [RESOURCE_MIME_TYPE] } } };

const APP_TOOLS: Record<string, string> = {
  get_analytics_report: "ui://interview-coach/dashboard.html",
  run_ab_test: "ui://interview-coach/abTrial.html",
  get_next_milestones: "ui://interview-coach/milestones.html",
  get_personalized_recommendations: "ui://interview-coach/recommendations.html",
  practice_question: "ui://interview-coach/practice.html",
  evaluate_response: "ui://interview-coach/practice.html",
};

async function connect(server: McpServer, capabilities: Record<string, unknown>): Promise<Client> {
  const client = new Client({ name: "apps-tests", version: "1.0.0" }, { capabilities });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return client;
}

describe("MCP Apps: declarations a host without Apps can ignore", () => {
  let dataDir: string;
  let context: CoachContext;
  let appsHost: Client;
  let plainClient: Client;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-apps-"));
    const now = Date.parse("2026-06-15T12:00:00Z");
    context = createContext({ dataDir, log: silentLogger, now: () => now });
    // Two servers over one store and one clock: the two clients must see the same results.
    appsHost = await connect(createServer(context, { stateful: true }), APPS_HOST_CAPABILITIES);
    plainClient = await connect(createServer(context, { stateful: true }), {});
  });
  afterEach(async () => {
    await appsHost.close();
    await plainClient.close();
    context.store.database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("advertises the extension in the server's capabilities, for both kinds of client", () => {
    assert.deepEqual(appsHost.getServerCapabilities()?.extensions, { [EXTENSION_ID]: {} });
    assert.deepEqual(plainClient.getServerCapabilities()?.extensions, { [EXTENSION_ID]: {} });
  });

  it("tools/list gives the six dashboard tools _meta.ui.resourceUri (and the legacy key); no other tool has _meta", async () => {
    const { tools } = await appsHost.listTools();
    for (const tool of tools) {
      const uri = APP_TOOLS[tool.name];
      if (!uri) {
        assert.equal(tool._meta, undefined, tool.name);
        continue;
      }
      assert.deepEqual(tool._meta, { ui: { resourceUri: uri }, [RESOURCE_URI_META_KEY]: uri }, tool.name);
    }
    assert.equal(tools.filter((t) => APP_TOOLS[t.name]).length, 6);
    // The plain client is sent the same list: _meta is the place for what a client may not understand.
    assert.deepEqual((await plainClient.listTools()).tools, tools);
  });

  it("resources/list shows one ui:// resource per view with the Apps MIME type and the CSP that allows no origin", async () => {
    const { resources } = await appsHost.listResources();
    const apps = resources.filter((r) => r.uri.startsWith("ui://"));
    assert.deepEqual(apps.map((r) => r.uri).sort(), [...new Set(Object.values(APP_TOOLS))].sort());
    for (const resource of apps) {
      assert.equal(resource.mimeType, RESOURCE_MIME_TYPE);
      assert.deepEqual(resource._meta, { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } });
    }
  });

  it("a client without Apps gets the same text and structured results as a host with them", async () => {
    const calls: [string, Record<string, unknown>][] = [
      ["get_analytics_report", { period: "weekly" }],
      ["get_next_milestones", {}],
      ["get_personalized_recommendations", {}],
      ["practice_question", {}],
      ["evaluate_response", { question: "Tell me about a time you led a migration.", response: "I led our move to Kafka and cut lag by 40%." }],
    ];
    for (const [name, args] of calls) {
      const withApps = (await appsHost.callTool({ name, arguments: args })) as CallToolResult;
      const without = (await plainClient.callTool({ name, arguments: args })) as CallToolResult;
      assert.ok(!withApps.isError, name);
      assert.deepEqual(without, withApps, name);
      assert.deepEqual(JSON.parse((withApps.content[0] as { text: string }).text), withApps.structuredContent, name);
    }
  });

  it("practice_question starts the bank question a recommendation names, and refuses an unknown id or a category that disagrees", async () => {
    const started = (await plainClient.callTool({ name: "practice_question", arguments: { questionId: "lead-grow-engineer" } })) as CallToolResult;
    const bank = context.questions.find((q) => q.id === "lead-grow-engineer");
    assert.ok(bank, "the bank has lead-grow-engineer");
    assert.equal((started.structuredContent as { question: { id: string } }).question.id, bank.id);
    assert.equal((started.structuredContent as { reason: string }).reason, "chosen-question");
    const unknown = (await plainClient.callTool({ name: "practice_question", arguments: { questionId: "no-such-question" } })) as CallToolResult;
    assert.equal(unknown.isError, true);
    assert.match((unknown.content[0] as { text: string }).text, /questionId.*unknown question id "no-such-question"/);
    const other = bank.category === "conflict" ? "teamwork" : "conflict";
    const mismatch = (await plainClient.callTool({ name: "practice_question", arguments: { questionId: bank.id, category: other } })) as CallToolResult;
    assert.equal(mismatch.isError, true);
    assert.match((mismatch.content[0] as { text: string }).text, new RegExp(`category.*must be "${bank.category}"`));
  });
});

describe("MCP Apps: the built server serves each ui:// page", () => {
  let client: Client;
  let dataDir: string;
  before(async () => {
    requireBuild();
    dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-apps-built-"));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [SERVER_BUNDLE, "--data-dir", dataDir],
      env: getDefaultEnvironment(),
      stderr: "pipe",
    });
    client = new Client({ name: "apps-host-tests", version: "1.0.0" }, { capabilities: APPS_HOST_CAPABILITIES });
    await client.connect(transport);
  });
  after(async () => {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("resources/read returns self-contained HTML naming its view, with the Apps MIME type and CSP _meta", async () => {
    for (const uri of new Set(Object.values(APP_TOOLS))) {
      const { contents } = await client.readResource({ uri });
      assert.equal(contents.length, 1);
      const page = contents[0] as { uri: string; mimeType: string; text: string; _meta?: Record<string, unknown> };
      assert.equal(page.uri, uri);
      assert.equal(page.mimeType, RESOURCE_MIME_TYPE);
      assert.deepEqual(page._meta, { ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } });
      const view = /ui:\/\/interview-coach\/(\w+)\.html/.exec(uri)![1];
      assert.match(page.text, new RegExp(`<div id="root" data-view="${view}">`));
      // Everything inline: outside the one inline script nothing names a URL, so the empty CSP allow-list is the truth.
      const markup = page.text.replace(/<script>[\s\S]*<\/script>/, "<script></script>");
      assert.match(markup, /<body>\s*<div id="root"[^>]*><\/div>\s*<script><\/script>\s*<\/body>/);
      assert.doesNotMatch(markup, /\s(src|href)=/i);
      assert.match(page.text, /<style>[\s\S]*--vscode-foreground[\s\S]*<\/style>/);
    }
  });
});
