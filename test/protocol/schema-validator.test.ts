import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { createContext, type CoachContext } from "../../mcp-server/src/context.js";
import { silentLogger } from "../../mcp-server/src/log.js";
import { createServer } from "../../mcp-server/src/server.js";

const TARGET_ROLE = { type: "object" as const, properties: { role: { type: "string" as const, minLength: 2 } }, required: ["role"] };

/** A client that answers every elicitation with the given content. */
async function connectAnswering(server: McpServer, content: Record<string, unknown>): Promise<Client> {
  const client = new Client({ name: "elicitation-tests", version: "1.0.0" }, { capabilities: { elicitation: { form: {} } } });
  client.setRequestHandler(ElicitRequestSchema, () => ({ action: "accept", content }) as never);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return client;
}

// The server's schema validator is built on first use: an elicitation reply is still checked against its schema.
describe("Elicitation replies checked by the server's shared schema validator", () => {
  let dataDir: string;
  let context: CoachContext;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-elicit-"));
    context = createContext({ dataDir, log: silentLogger });
  });
  afterEach(() => {
    context.store.database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("accepts a reply that fits the requested schema", async () => {
    const server = createServer(context);
    const client = await connectAnswering(server, { role: "Staff Engineer" });
    const reply = await server.server.elicitInput({ mode: "form", message: "Which role are you preparing for?", requestedSchema: TARGET_ROLE });
    assert.deepEqual(reply, { action: "accept", content: { role: "Staff Engineer" } });
    await client.close();
  });

  it("refuses a reply that breaks it, naming the field", async () => {
    const server = createServer(context);
    const client = await connectAnswering(server, { role: "x" });
    await assert.rejects(
      server.server.elicitInput({ mode: "form", message: "Which role are you preparing for?", requestedSchema: TARGET_ROLE }),
      /does not match requested schema: data\/role must NOT have fewer than 2 characters/,
    );
    await client.close();
  });
});
