import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { CreateMessageRequestSchema, type CallToolResult, type CreateMessageRequest, type CreateMessageResult } from "@modelcontextprotocol/sdk/types.js";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createContext, type CoachContext } from "../../mcp-server/src/context.js";
import { silentLogger } from "../../mcp-server/src/log.js";
import { createServer } from "../../mcp-server/src/server.js";

/** The client's side of MCP sampling: a language model the test stands in for. */
export type Sampling = (params: CreateMessageRequest["params"]) => Promise<CreateMessageResult> | CreateMessageResult;

export interface Harness {
  client: Client;
  context: CoachContext;
  dataDir: string;
  clock: { now: number };
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  ok<T = Record<string, unknown>>(name: string, args?: Record<string, unknown>): Promise<T>;
  close(): Promise<void>;
}

/** A real SDK Client connected to our server over a linked in-memory transport pair. */
export async function startCoach(start = Date.parse("2026-06-15T12:00:00Z"), options: { sampling?: Sampling } = {}): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-protocol-"));
  const clock = { now: start };
  const context = createContext({ dataDir, log: silentLogger, now: () => clock.now });
  // A linked pair lasts like stdio does: subscriptions and log levels hold for the connection.
  const server = createServer(context, { stateful: true });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "coach-tests", version: "1.0.0" }, options.sampling ? { capabilities: { sampling: {} } } : {});
  const sampling = options.sampling;
  if (sampling) client.setRequestHandler(CreateMessageRequestSchema, (request) => sampling(request.params));
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  const call = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>;
  return {
    client,
    context,
    dataDir,
    clock,
    call,
    async ok<T>(name: string, args: Record<string, unknown> = {}) {
      const result = await call(name, args);
      if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
      return result.structuredContent as T;
    },
    async close() {
      await client.close();
      await server.close();
      context.store.database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function errorText(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === "text" ? first.text : "";
}
