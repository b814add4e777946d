import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";
import type { ToolArgs, ToolName, ToolResult } from "#contracts/tools.js";
import { ExtensionAuthProvider } from "./sign-in";

export { UnauthorizedError };

export interface CoachConnection {
  callTool<N extends ToolName>(name: N, args: ToolArgs<N>): Promise<ToolResult<N>>;
  /** A current access token for what MCP does not carry (the sync socket): a ping first, which refreshes an expired one. */
  freshToken(): Promise<string | undefined>;
  close(): Promise<void>;
}

/**
 * The MCP SDK's client on the server's /mcp endpoint with this browser's sign-in. Output schemas are
 * checked without generating code, which an extension page's CSP forbids. Rejects with
 * UnauthorizedError while nobody is signed in.
 */
export async function connectCoach(server: string, version: string): Promise<CoachConnection> {
  const provider = new ExtensionAuthProvider(server);
  // Without tokens the transport would register this browser for its 401's scope alone; signIn() registers it for all it needs.
  if (!(await provider.tokens())) throw new UnauthorizedError(`Not signed in to ${server}`);
  const transport = new StreamableHTTPClientTransport(new URL(`${server}/mcp`), { authProvider: provider });
  const client = new Client({ name: "interview-coach-browser", version }, { jsonSchemaValidator: new CfWorkerJsonSchemaValidator() });
  await client.connect(transport);
  return {
    async callTool<N extends ToolName>(name: N, args: ToolArgs<N>): Promise<ToolResult<N>> {
      const result = await client.callTool({ name, arguments: args as Record<string, unknown> });
      const text = (result.content as { type: string; text?: string }[]).map((part) => (part.type === "text" ? (part.text ?? "") : "")).join("");
      if (result.isError) throw new Error(text || `${name} failed`);
      if (!result.structuredContent) throw new Error(`${name} answered without structured content`);
      return result.structuredContent as ToolResult<N>;
    },
    async freshToken() {
      await client.ping();
      return (await provider.tokens())?.access_token;
    },
    close: () => client.close(),
  };
}
