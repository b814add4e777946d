/**
 * The MCP Apps (SEP-1724) names the server declares, written out so start-up does not load
 * @modelcontextprotocol/ext-apps' server module; test/unit/app-meta.test.ts pins each to the package.
 */

/** The extension's key in the server's and the host's capabilities. */
export const APP_EXTENSION_ID = "io.modelcontextprotocol/ui";

/** The mimeType of a ui:// resource: hosts render only resources that carry it. */
export const APP_RESOURCE_MIME_TYPE = "text/html;profile=mcp-app";

/** The legacy flat key for a tool's page, which registerAppTool still writes beside `_meta.ui.resourceUri`. */
export const APP_RESOURCE_URI_META_KEY = "ui/resourceUri";

/** A tool's `_meta` naming its page in both forms, as registerAppTool writes it for hosts of either age. */
export function appToolMeta(resourceUri: string): { ui: { resourceUri: string }; [APP_RESOURCE_URI_META_KEY]: string } {
  return { ui: { resourceUri }, [APP_RESOURCE_URI_META_KEY]: resourceUri };
}
