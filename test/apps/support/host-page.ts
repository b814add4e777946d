/// <reference lib="dom" />
// The test's chat host, run in Chromium: ext-apps' AppBridge renders a ui:// page in a sandboxed iframe
// under the CSP its resource declares, and relays the app's tool calls to the real server through the test.
import { AppBridge, PostMessageTransport } from "@modelcontextprotocol/ext-apps/app-bridge";
import type { CallToolRequest, CallToolResult } from "@modelcontextprotocol/sdk/types.js";

/** The origins a ui:// resource's _meta.ui.csp allows (ext-apps' ResourceCsp). */
export interface ResourceCsp {
  connectDomains?: string[];
  resourceDomains?: string[];
}

type HostContext = NonNullable<NonNullable<ConstructorParameters<typeof AppBridge>[3]>["hostContext"]>;

export interface OpenApp {
  html: string;
  csp: ResourceCsp | undefined;
  tool: { name: string; inputSchema: { type: "object" } };
  input: Record<string, unknown>;
  result: CallToolResult;
  theme: "light" | "dark";
  variables: Record<string, string>;
}

declare global {
  interface Window {
    /** Exposed by the test: a tools/call to the real server over the SDK's Client. */
    relayCallTool(params: CallToolRequest["params"]): Promise<CallToolResult>;
    openApp(open: OpenApp): Promise<void>;
  }
}

/** The policy a host derives from _meta.ui.csp: inline script and styles only, plus any origins the app declared. */
function policy(csp: ResourceCsp | undefined): string {
  const connect = csp?.connectDomains?.length ? csp.connectDomains.join(" ") : "'none'";
  const resources = csp?.resourceDomains?.join(" ") ?? "";
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${resources}`,
    `style-src 'unsafe-inline' ${resources}`,
    `img-src data: ${resources}`,
    `font-src data: ${resources}`,
    `connect-src ${connect}`,
  ].join("; ");
}

window.openApp = async (open) => {
  document.body.style.background = open.variables["--color-background-primary"] ?? "";
  const frame = document.createElement("iframe");
  frame.setAttribute("sandbox", "allow-scripts");
  frame.style.cssText = "width: 760px; height: 200px; border: 0; display: block;";
  document.body.append(frame);
  const hostContext: HostContext = {
    theme: open.theme,
    styles: { variables: open.variables as never },
    toolInfo: { tool: open.tool as never },
    displayMode: "inline",
    platform: "web",
    locale: "en-GB",
  };
  const bridge = new AppBridge(null, { name: "coach-test-host", version: "1.0.0" }, { serverTools: {} }, { hostContext });
  bridge.oncalltool = (params) => window.relayCallTool(params);
  bridge.onsizechange = ({ height }) => {
    if (height !== undefined) frame.style.height = `${height}px`;
  };
  const initialized = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  await bridge.connect(new PostMessageTransport(frame.contentWindow!, frame.contentWindow!));
  frame.srcdoc = open.html.replace("<head>", `<head>\n<meta http-equiv="Content-Security-Policy" content="${policy(open.csp)}">`);
  await initialized;
  await bridge.sendToolInput({ arguments: open.input });
  await bridge.sendToolResult(open.result);
};
