import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { SERVER_BUNDLE } from "./spawned-coach.js";

export const HTTP_BUNDLE = path.join(path.dirname(SERVER_BUNDLE), "http-server.js");

export function requireHttpBuild(): void {
  for (const file of [SERVER_BUNDLE, HTTP_BUNDLE]) if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first`);
}

export interface LogLine {
  level: string;
  msg: string;
  [field: string]: unknown;
}

export interface HttpCoach {
  url: string;
  port: number;
  pid: number;
  dataDir: string;
  /** Every JSON line the server wrote to stderr so far. */
  lines(): LogLine[];
  /** Resolves with the first log line matching, as it arrives. */
  waitForLine(match: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StartOptions {
  dataDir: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Another copy of dist/mcp-server.js (the bundle-alone test). */
  bundle?: string;
  /** Node's own options, before the bundle (`--require` a probe). */
  nodeArgs?: string[];
}

/** The built server in HTTP mode on 127.0.0.1 and a free port, which it reports in its "ready" log line. */
export function startHttpCoach(options: StartOptions): Promise<HttpCoach> {
  requireHttpBuild();
  const bundle = options.bundle ?? SERVER_BUNDLE;
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), bundle, "--http", "--port", "0", "--data-dir", options.dataDir, ...(options.args ?? [])],
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: options.env ?? process.env,
      cwd: path.dirname(bundle),
    },
  );
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const waiters = new Set<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }>();
  createInterface({ input: child.stderr }).on("line", (text) => {
    raw.push(text);
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    lines.push(line);
    for (const waiter of waiters) {
      if (!waiter.match(line)) continue;
      waiters.delete(waiter);
      waiter.resolve(line);
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const waitForLine = (match: (line: LogLine) => boolean, timeoutMs = 15_000) => {
    const seen = lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no matching log line within ${timeoutMs} ms; stderr:\n${raw.join("\n")}`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (l: LogLine) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      waiters.add(waiter);
    });
  };
  const ready = waitForLine((l) => l.msg === "ready");
  const early = exited.then(({ code }) => {
    throw new Error(`the server exited (${code}) before it was ready; stderr:\n${raw.join("\n")}`);
  });
  return Promise.race([ready, early]).then((line) => {
    const url = String(line.url);
    return {
      url,
      port: Number(new URL(url).port),
      pid: child.pid!,
      dataDir: options.dataDir,
      lines: () => [...lines],
      waitForLine,
      exited,
      stop: (signal = "SIGTERM") => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
    };
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI to completion (keys subcommands, bad flags). */
export function runCli(args: string[], bundle = SERVER_BUNDLE): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle, ...args], (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A new API key through `keys create`, as an operator makes one. */
export async function createKey(dataDir: string, userId: string, scopes: string[], bundle?: string): Promise<string> {
  const result = await runCli(["keys", "create", "--user", userId, ...scopes.flatMap((s) => ["--scope", s]), "--data-dir", dataDir], bundle);
  if (result.code !== 0) throw new Error(`keys create failed (${result.code}): ${result.stderr}`);
  return result.stdout.trim();
}

export const keyIdOf = (key: string) => key.split("_")[1]!;

/** fetch against the server with an optional bearer credential and JSON body. */
export function request(
  coach: HttpCoach,
  route: string,
  init: { method?: string; credential?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.credential !== undefined) headers.authorization = `Bearer ${init.credential}`;
  if (init.body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
  return fetch(`${coach.url}${route}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
  });
}

/** The JSON-RPC body of one MCP request, for the tests that speak HTTP without the SDK. */
export const rpc = (method: string, params: Record<string, unknown> = {}, id = 1) => ({ jsonrpc: "2.0", id, method, params });
export const MCP_HEADERS = { accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25" };

export interface RemoteCoach {
  client: Client;
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** The SDK's own Client over Streamable HTTP with a bearer credential: what a remote MCP host does. */
export async function connectMcp(coach: HttpCoach, credential: string): Promise<RemoteCoach> {
  const transport = new StreamableHTTPClientTransport(new URL(`${coach.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${credential}` } } });
  const client = new Client({ name: "coach-http-tests", version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    call: (name, args = {}) => client.callTool({ name, arguments: args }) as Promise<CallToolResult>,
    close: () => client.close(),
  };
}

/** How many practice attempts the person has recorded this month, read through the MCP endpoint as any client would. */
export async function practiceAttempts(coach: HttpCoach, credential: string): Promise<number> {
  const remote = await connectMcp(coach, credential);
  try {
    const report = await remote.call("get_analytics_report", { period: "monthly" });
    return (report.structuredContent as { current: { attempts: number } }).current.attempts;
  } finally {
    await remote.close();
  }
}
