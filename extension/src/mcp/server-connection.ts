// The ESM typings, matching what the import() in loadSdk() gives.
import type { Client } from "@modelcontextprotocol/sdk/client/index.js" with { "resolution-mode": "import" };
import type { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js" with { "resolution-mode": "import" };
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { Backoff } from "./backoff.js";
import type { ToolCallArgs, ToolName, ToolResult } from "#contracts/tools.js";

export type ConnectionState =
  | { kind: "connecting"; attempt: number }
  | { kind: "ready"; pid: number; serverVersion: string }
  | { kind: "error"; message: string; retryInMs: number | null }
  | { kind: "stopped" };

export interface ServerLaunch {
  /** The Node (or Electron-as-Node) binary that runs the bundled server. */
  runtime: string;
  serverPath: string;
  dataDir: string;
  twinFile?: string;
}

export interface ConnectionLog {
  appendLine(line: string): void;
}

/** A tool call that came back as a tool error: the server's message names the field and the rule. */
export class ToolCallError extends Error {
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(message);
    this.name = "ToolCallError";
  }
}

/** The MCP SDK, evaluated on first connect instead of at activation: building its zod schemas is most of the extension's load time. */
const loadSdk = () => Promise.all([import("@modelcontextprotocol/sdk/client/index.js"), import("@modelcontextprotocol/sdk/client/stdio.js")]);

/** A server run that lasted this long counts as healthy and resets the restart backoff. */
const HEALTHY_RUN_MS = 30_000;

/**
 * One MCP client for the bundled server: spawns it over stdio, relays its stderr to a log,
 * turns close and error into a visible state, and restarts it with capped backoff.
 */
export class ServerConnection {
  private client: Client | null = null;
  private transport: StdioClientTransport | null = null;
  private state: ConnectionState = { kind: "stopped" };
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  private readonly backoff = new Backoff();
  private restartTimer: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private disposed = false;
  private ready: Promise<Client> | null = null;

  constructor(
    private readonly launch: ServerLaunch,
    private readonly log: ConnectionLog,
  ) {}

  get current(): ConnectionState {
    return this.state;
  }

  onDidChangeState(listener: (state: ConnectionState) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Connects if not yet connected; resolves once the server answered the handshake. */
  start(): Promise<Client> {
    if (this.disposed) return Promise.reject(new Error("The server connection was disposed."));
    // A request while a restart is pending starts the server now instead of waiting out the backoff.
    if (this.restartTimer && !this.ready) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
    }
    this.ready ??= this.connect();
    return this.ready;
  }

  /** A tool call typed by the tool's contract; a tool error is thrown as ToolCallError with the server's message. */
  async callTool<N extends ToolName>(name: N, ...[args]: ToolCallArgs<N>): Promise<ToolResult<N>> {
    const client = await this.start();
    const result = (await client.callTool({ name, arguments: (args ?? {}) as Record<string, unknown> })) as CallToolResult;
    if (result.isError) {
      const text = result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
      throw new ToolCallError(name, text.replace(/^MCP error -?\d+: /, ""));
    }
    return result.structuredContent as ToolResult<N>;
  }

  /** Stops the server and starts a fresh one now (the "Restart Server" command). */
  async restart(): Promise<Client> {
    this.backoff.reset();
    await this.shutdown();
    this.ready = null;
    return this.start();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.shutdown();
    this.setState({ kind: "stopped" });
    this.listeners.clear();
  }

  get pid(): number | null {
    return this.transport?.pid ?? null;
  }

  private async connect(): Promise<Client> {
    this.setState({ kind: "connecting", attempt: this.backoff.attempts + 1 });
    const [{ Client }, { getDefaultEnvironment, StdioClientTransport }] = await loadSdk();
    if (this.disposed) throw new Error("The server connection was disposed.");
    const args = [this.launch.serverPath, "--data-dir", this.launch.dataDir];
    if (this.launch.twinFile) args.push("--twin", this.launch.twinFile);
    // In desktop VS Code process.execPath is Electron; this makes it run the server as plain Node.
    const env = { ...getDefaultEnvironment(), ELECTRON_RUN_AS_NODE: "1" };
    const transport = new StdioClientTransport({ command: this.launch.runtime, args, env, stderr: "pipe" });
    transport.stderr?.on("data", (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) this.log.appendLine(line);
    });
    const client = new Client({ name: "interview-coach-vscode", version: "0.1.0" });
    client.onclose = () => this.onClosed(client);
    client.onerror = (error) => this.log.appendLine(`[client] ${error.message}`);
    this.client = client;
    this.transport = transport;
    try {
      await client.connect(transport);
    } catch (error) {
      this.client = null;
      this.transport = null;
      this.scheduleRestart(`The interview coach server did not start: ${(error as Error).message}`);
      throw error;
    }
    this.startedAt = Date.now();
    const version = client.getServerVersion();
    this.setState({ kind: "ready", pid: transport.pid ?? 0, serverVersion: version?.version ?? "unknown" });
    return client;
  }

  private onClosed(client: Client): void {
    if (this.client !== client || this.disposed) return;
    this.client = null;
    this.transport = null;
    this.ready = null;
    if (Date.now() - this.startedAt > HEALTHY_RUN_MS) this.backoff.reset();
    this.scheduleRestart("The interview coach server stopped.");
  }

  private scheduleRestart(message: string): void {
    if (this.disposed) return;
    const delay = this.backoff.next();
    this.log.appendLine(`[connection] ${message} Restarting in ${delay} ms.`);
    this.setState({ kind: "error", message, retryInMs: delay });
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.ready = null;
      this.start().catch(() => undefined);
    }, delay);
  }

  private async shutdown(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const client = this.client;
    this.client = null;
    this.transport = null;
    this.ready = null;
    await client?.close().catch(() => undefined);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}
