import { readFile } from "node:fs/promises";
import path from "node:path";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { McpError } from "@modelcontextprotocol/sdk/types.js";
import type { McpUiAppResourceConfig } from "@modelcontextprotocol/ext-apps/server";
import { APP_VIEWS, type AppView } from "../contracts/app-views.js";
import { APP_EXTENSION_ID, APP_RESOURCE_MIME_TYPE } from "./app-meta.js";

export { APP_VIEWS, type AppView };

/** The one page every view is served from, built by esbuild beside the server bundle (dist/). */
export const APP_PAGE_PATH = path.join(__dirname, "coach-app.html");

/** The page carries its script and styles inline and asks for nothing else: no origin is allowed beyond the host's own. */
export const APP_RESOURCE_META: NonNullable<NonNullable<McpUiAppResourceConfig["_meta"]>["ui"]> = {
  csp: { connectDomains: [], resourceDomains: [] },
  prefersBorder: true,
};

/** MCP Apps in the server's capabilities: a client without the extension ignores the unknown key, as SEP-1724 asks. */
export const APPS_CAPABILITIES = { extensions: { [APP_EXTENSION_ID]: {} } };

export function appUri(view: AppView): string {
  return `ui://interview-coach/${view}.html`;
}

/** An internal error code: the page is missing only when the server runs unbuilt (from source). */
const PAGE_NOT_BUILT = -32603;

let page: Promise<string> | null = null;

function loadPage(): Promise<string> {
  page ??= readFile(APP_PAGE_PATH, "utf8").catch((error: unknown) => {
    page = null;
    throw new McpError(
      PAGE_NOT_BUILT,
      `The apps' page ${path.basename(APP_PAGE_PATH)} is not beside the server: build it with "npm run build" (${String(error)})`,
    );
  });
  return page;
}

/** The view a page opens with, named on its root element so one built page serves every tool. */
export function pageForView(html: string, view: AppView): string {
  const marked = html.replace('<div id="root">', `<div id="root" data-view="${view}">`);
  if (marked === html) throw new McpError(PAGE_NOT_BUILT, `${path.basename(APP_PAGE_PATH)} has no <div id="root"> to name the view in`);
  return marked;
}

/** One ui:// resource per view; hosts without Apps never read them, and the tools' results stay as they are. */
export function registerAppResources(server: McpServer): void {
  for (const [view, { title, description }] of Object.entries(APP_VIEWS) as [AppView, (typeof APP_VIEWS)[AppView]][]) {
    const uri = appUri(view);
    // What ext-apps' registerAppResource does, without loading its module at start-up.
    server.registerResource(title, uri, { mimeType: APP_RESOURCE_MIME_TYPE, description, _meta: { ui: APP_RESOURCE_META } }, async () => ({
      contents: [{ uri, mimeType: APP_RESOURCE_MIME_TYPE, text: pageForView(await loadPage(), view), _meta: { ui: APP_RESOURCE_META } }],
    }));
  }
}
