import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CreateMessageResultSchema, type CallToolResult, type ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { appToolMeta } from "../apps/app-meta.js";
import { appUri, type AppView } from "../apps/coach-apps.js";
import type { CoachContext } from "../context.js";
import { CoachError, errorMessage } from "../errors.js";

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** A language model's reply, asked of the client (MCP sampling) on the tool's behalf. */
export type Sampler = (request: { system: string; user: string; maxTokens: number }) => Promise<{ text: string; model: string }>;

/** What a call may use beyond its input: sampling, only when the connected client offers it. */
export interface ToolCall {
  sample: Sampler | null;
}

const NO_CLIENT: ToolCall = { sample: null };

export interface ToolDefinition<I extends AnyObject, O extends AnyObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  /** The dashboard a chat host with MCP Apps shows beside the result; the result itself is the same for every client. */
  app?: AppView;
  run(input: z.output<I>, context: CoachContext, call?: ToolCall): Promise<z.input<O>> | z.input<O>;
}

export function defineTool<I extends AnyObject, O extends AnyObject>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return definition;
}

/** Errors the caller can act on are told as they are; anything else is logged and summarised. */
function errorResult(error: unknown, tool: string, context: CoachContext): CallToolResult {
  const known = error instanceof CoachError;
  if (!known) context.log.error("tool failed", { tool, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  const message = known ? error.message : `Internal error in ${tool}: ${errorMessage(error)}`;
  return { isError: true, content: [{ type: "text", text: message }] };
}

export function registerTool<I extends AnyObject, O extends AnyObject>(server: McpServer, context: CoachContext, tool: ToolDefinition<I, O>): void {
  const config = {
    title: tool.title,
    description: tool.description,
    inputSchema: tool.input,
    outputSchema: tool.output,
    annotations: { title: tool.title, ...tool.annotations },
  };
  const handler = (async (args: z.output<I>, extra: { sendRequest: SendRequest; signal: AbortSignal }): Promise<CallToolResult> => {
    const started = performance.now();
    try {
      const output = (await tool.run(args, context, toolCall(server, extra))) as Record<string, unknown>;
      context.log.debug("tool call", { tool: tool.name, ms: Math.round((performance.now() - started) * 100) / 100 });
      return { structuredContent: output, content: [{ type: "text", text: JSON.stringify(output) }] };
    } catch (error) {
      return errorResult(error, tool.name, context);
    }
  }) as never;
  // The page's two keys as ext-apps' registerAppTool writes them, without loading its module at start-up.
  server.registerTool(tool.name, tool.app ? { ...config, _meta: appToolMeta(appUri(tool.app)) } : config, handler);
}

type SendRequest = (
  request: { method: "sampling/createMessage"; params: Record<string, unknown> },
  schema: typeof CreateMessageResultSchema,
) => Promise<z.infer<typeof CreateMessageResultSchema>>;

function toolCall(server: McpServer, extra: { sendRequest: SendRequest; signal: AbortSignal } | undefined): ToolCall {
  if (!extra || !server.server.getClientCapabilities()?.sampling) return NO_CLIENT;
  return {
    sample: async ({ system, user, maxTokens }) => {
      const result = await extra.sendRequest(
        {
          method: "sampling/createMessage",
          params: { systemPrompt: system, messages: [{ role: "user", content: { type: "text", text: user } }], maxTokens, includeContext: "none" },
        },
        CreateMessageResultSchema,
      );
      const content = Array.isArray(result.content) ? result.content : [result.content];
      const text = content.map((part) => (part.type === "text" ? part.text : "")).join("");
      return { text, model: result.model };
    },
  };
}

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const APPENDS: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
