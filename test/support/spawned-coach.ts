import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { existsSync } from "node:fs";
import path from "node:path";

export const SERVER_BUNDLE = path.join(__dirname, "../../dist/mcp-server.js");

export function requireBuild(): void {
  if (!existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run "npm run build" first`);
}

export interface SpawnedCoach {
  client: Client;
  transport: StdioClientTransport;
  pid: number;
  stderr: string[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** The built server as its own process, driven over stdio by the SDK's client. */
export async function spawnCoach(dataDir: string, extraArgs: string[] = [], cwd?: string): Promise<SpawnedCoach> {
  requireBuild();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [SERVER_BUNDLE, "--data-dir", dataDir, ...extraArgs],
    env: getDefaultEnvironment(),
    stderr: "pipe",
    cwd,
  });
  const stderr: string[] = [];
  transport.stderr?.on("data", (chunk: Buffer) => stderr.push(chunk.toString()));
  const client = new Client({ name: "coach-process-tests", version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    transport,
    pid: transport.pid!,
    stderr,
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    close: () => client.close(),
  };
}
