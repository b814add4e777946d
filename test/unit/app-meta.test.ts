import assert from "node:assert/strict";
import { EXTENSION_ID, RESOURCE_MIME_TYPE, RESOURCE_URI_META_KEY, registerAppResource, registerAppTool } from "@modelcontextprotocol/ext-apps/server";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { APP_EXTENSION_ID, APP_RESOURCE_MIME_TYPE, APP_RESOURCE_URI_META_KEY, appToolMeta } from "../../mcp-server/src/apps/app-meta.js";

const PAGE = "ui://interview-coach/dashboard.html";

/** A real server given one app tool and one page by ext-apps' own helpers, listed through a real client. */
async function listedByExtApps(): Promise<{ toolMeta: unknown; resourceMimeType: unknown }> {
  const server = new McpServer({ name: "ext-apps-reference", version: "1.0.0" });
  // ext-apps types the SDK's ESM declarations and this CommonJS build the CJS ones: one McpServer at run time.
  const apps = server as unknown as Parameters<typeof registerAppResource>[0] & Parameters<typeof registerAppTool>[0];
  registerAppTool(apps, "get_analytics_report", { description: "the dashboard", _meta: { ui: { resourceUri: PAGE } } }, () => ({ content: [] }));
  registerAppResource(apps, "Dashboard", PAGE, {}, () => ({ contents: [] }));
  const client = new Client({ name: "app-meta-tests", version: "1.0.0" });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  try {
    const { tools } = await client.listTools();
    const { resources } = await client.listResources();
    return { toolMeta: tools[0]?._meta, resourceMimeType: resources[0]?.mimeType };
  } finally {
    await client.close();
  }
}

// An ext-apps upgrade that renames any of these fails here, not silently in a chat host.
describe("MCP Apps names declared without loading ext-apps' server module", () => {
  it("match the extension id, resource mimeType and legacy meta key ext-apps exports", () => {
    assert.equal(APP_EXTENSION_ID, EXTENSION_ID);
    assert.equal(APP_RESOURCE_MIME_TYPE, RESOURCE_MIME_TYPE);
    assert.equal(APP_RESOURCE_URI_META_KEY, RESOURCE_URI_META_KEY);
  });

  it("give a tool the same _meta, and a page the same mimeType, as registerAppTool and registerAppResource", async () => {
    const { toolMeta, resourceMimeType } = await listedByExtApps();
    assert.deepEqual(appToolMeta(PAGE), toolMeta);
    assert.equal(APP_RESOURCE_MIME_TYPE, resourceMimeType);
  });
});
