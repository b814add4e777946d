import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import betainc from "@stdlib/math-base-special-betainc";

export const ROOT = path.join(__dirname, "..");
export const OUR_SERVER = path.join(ROOT, "dist/mcp-server.js");
export const REFERENCE_SERVER = path.join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

export async function connect(args: string[]): Promise<Client> {
  return (await connectWithTimings(args, false)).client;
}

/**
 * A client, and (with `timed`) the time each tool call took inside the server, read from the
 * server's debug log: the part of a call's latency that is ours, apart from the transport and client.
 */
export async function connectWithTimings(args: string[], timed = true): Promise<{ client: Client; serverMs: Map<string, number[]> }> {
  const transport = new StdioClientTransport({ command: process.execPath, args, env: getDefaultEnvironment(), stderr: timed ? "pipe" : "ignore" });
  const serverMs = new Map<string, number[]>();
  let pending = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n")) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (!line.includes('"tool call"')) continue;
      const entry = JSON.parse(line) as { tool: string; ms: number };
      serverMs.set(entry.tool, [...(serverMs.get(entry.tool) ?? []), entry.ms]);
    }
  });
  const client = new Client({ name: "coach-bench", version: "1.0.0" });
  await client.connect(transport);
  return { client, serverMs };
}

export function percentile(sortedMs: number[], p: number): number {
  const h = (sortedMs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sortedMs.length - 1, lo + 1);
  return sortedMs[lo]! + (h - lo) * (sortedMs[hi]! - sortedMs[lo]!);
}

export function summary(samples: number[]): { n: number; p50: number; p95: number; mean: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;

export function row(label: string, s: { n: number; p50: number; p95: number }): string {
  return `  ${label.padEnd(34)} p50 ${ms(s.p50).padStart(10)}   p95 ${ms(s.p95).padStart(10)}   (n=${s.n})`;
}

/** Arguments for the i-th call: the same each time, or varied as a person's calls are. */
export type CallArgs = Record<string, unknown> | ((i: number) => Record<string, unknown>);

export async function timeCalls(client: Client, name: string, args: CallArgs, n: number, warmup = 20): Promise<number[]> {
  const argsFor = typeof args === "function" ? args : () => args;
  for (let i = 0; i < warmup; i++) await client.callTool({ name, arguments: argsFor(n + i) });
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const result = await client.callTool({ name, arguments: argsFor(i) });
    samples.push(performance.now() - started);
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  }
  return samples;
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;
export const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(2)} MB`;

/**
 * Runs work with this process's stdout held back, so tools that narrate their progress do not break
 * up the bench's table; what they said is printed after all if the work fails.
 */
export async function quietly<T>(work: () => Promise<T>, failed: (result: T) => boolean = () => false): Promise<T> {
  const write = process.stdout.write;
  let held = "";
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    held += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    const done = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    if (done) queueMicrotask(done);
    return true;
  }) as typeof process.stdout.write;
  let ok = false;
  try {
    const result = await work();
    ok = !failed(result);
    return result;
  } finally {
    process.stdout.write = write;
    if (!ok) process.stdout.write(held);
  }
}

/** The top-level files and folders the .vsix ships, as .vscodeignore's `!` lines name them. */
function shippedEntries(root: string): string[] {
  const allowed = readFileSync(path.join(root, ".vscodeignore"), "utf8")
    .split("\n")
    .filter((line) => line.startsWith("!"))
    .map((line) => line.slice(1).split("/")[0]!)
    .filter((entry) => entry && !entry.includes("*"));
  return [...new Set([".vscodeignore", ...allowed])];
}

/**
 * A copy of the production build and everything the .vsix ships, so every size and activation
 * figure is of this one build even if someone rebuilds dist/ while the bench runs.
 */
export function snapshotBuild(root = ROOT): string {
  // A production build writes no source maps: any map means a development build, or one mixed into it.
  const maps = existsSync(path.join(root, "dist"))
    ? readdirSync(path.join(root, "dist"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".map"))
    : [];
  if (maps.length) throw new Error(`dist/ holds development build output (${maps.join(", ")}): run npm run build:production`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-build-"));
  for (const entry of shippedEntries(root)) if (existsSync(path.join(root, entry))) cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  const missing = ["dist/extension.mjs", "dist/mcp-server.js", "dist/node-sqlite3-wasm.wasm", "dist/webview"].filter(
    (file) => !existsSync(path.join(dir, file)),
  );
  if (missing.length) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`the build is incomplete (being rebuilt?), missing ${missing.join(", ")}: run npm run build:production`);
  }
  return dir;
}

/**
 * A distribution-free interval for the median of independent samples: the order statistics
 * x(k) and x(n−k+1) with the largest k whose coverage, 1 − 2·P(Binomial(n, ½) ≤ k − 1), is at least
 * `level`. Null when n is too small for any pair of order statistics to reach it.
 */
export function medianInterval(samples: readonly number[], level = 0.95): { low: number; high: number; coverage: number } | null {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  // P(Binomial(n, ½) ≤ j) is the regularized incomplete beta I_½(n − j, j + 1).
  const coverage = (k: number) => 1 - 2 * betainc(0.5, n - (k - 1), k, true, false);
  let best: number | null = null;
  for (let k = 1; k <= Math.floor(n / 2) && coverage(k) >= level; k++) best = k;
  if (best === null) return null;
  return { low: sorted[best - 1]!, high: sorted[n - best]!, coverage: coverage(best) };
}
