import type { App } from "@modelcontextprotocol/ext-apps";
import type { ToolArgs, ToolName, ToolResult } from "#contracts/tools.js";
import type { CoachTransport } from "../bridge/transport";
import { createToolTransport, type ToolTransportOptions } from "../bridge/tool-transport";

export type { StartedPractice } from "../bridge/tool-transport";

/** A tool call through the chat host; a tool error becomes a rejection carrying the tool's own message. */
export async function callTool<N extends ToolName>(app: App, name: N, args: ToolArgs<N>): Promise<ToolResult<N>> {
  const result = await app.callServerTool({ name, arguments: args as Record<string, unknown> });
  const text = result.content.map((part) => (part.type === "text" ? part.text : "")).join("");
  if (result.isError) throw new Error(text || `${name} failed`);
  if (!result.structuredContent) throw new Error(`${name} answered without structured content`);
  return result.structuredContent as ToolResult<N>;
}

/** The sidebar's requests answered through the chat host (app.callServerTool); the view's first request by the tool result the host sent. */
export function createAppTransport(app: App, options: Omit<ToolTransportOptions, "where">): CoachTransport & { changed(reason: string): void } {
  return createToolTransport((name, args) => callTool(app, name, args), { ...options, where: "this chat" });
}
