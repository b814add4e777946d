import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { CoachContext } from "../context.js";
import { CoachInputError } from "../errors.js";
import { TwinParseError } from "../twin/parse.js";
import { TwinFileMissingError } from "../twin/twin-source.js";
import { StoreBusyError } from "../store/lock.js";

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface ToolDefinition<I extends AnyObject, O extends AnyObject> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  run(input: z.output<I>, context: CoachContext): Promise<z.input<O>> | z.input<O>;
}

export function defineTool<I extends AnyObject, O extends AnyObject>(definition: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return definition;
}

/** Errors the caller can act on are told as they are; anything else is logged and summarised. */
function errorResult(error: unknown, tool: string, context: CoachContext): CallToolResult {
  const known = error instanceof CoachInputError || error instanceof TwinParseError || error instanceof TwinFileMissingError || error instanceof StoreBusyError;
  if (!known) context.log.error("tool failed", { tool, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  const message = known ? (error as Error).message : `Internal error in ${tool}: ${error instanceof Error ? error.message : String(error)}`;
  return { isError: true, content: [{ type: "text", text: message }] };
}

export function registerTool<I extends AnyObject, O extends AnyObject>(server: McpServer, context: CoachContext, tool: ToolDefinition<I, O>): void {
  server.registerTool(
    tool.name,
    { title: tool.title, description: tool.description, inputSchema: tool.input, outputSchema: tool.output, annotations: { title: tool.title, ...tool.annotations } },
    (async (args: z.output<I>): Promise<CallToolResult> => {
      const started = performance.now();
      try {
        const output = (await tool.run(args, context)) as Record<string, unknown>;
        context.log.debug("tool call", { tool: tool.name, ms: Math.round((performance.now() - started) * 100) / 100 });
        return { structuredContent: output, content: [{ type: "text", text: JSON.stringify(output) }] };
      } catch (error) {
        return errorResult(error, tool.name, context);
      }
    }) as never,
  );
}

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const APPENDS: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
