import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import path from "node:path";

export const ROOT = path.join(__dirname, "..");
export const OUR_SERVER = path.join(ROOT, "dist/mcp-server.js");
export const REFERENCE_SERVER = path.join(ROOT, "node_modules/@modelcontextprotocol/server-everything/dist/index.js");

export async function connect(args: string[]): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args, env: getDefaultEnvironment(), stderr: "ignore" });
  const client = new Client({ name: "coach-bench", version: "1.0.0" });
  await client.connect(transport);
  return client;
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

export async function timeCalls(client: Client, name: string, args: Record<string, unknown>, n: number, warmup = 20): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await client.callTool({ name, arguments: args });
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const result = await client.callTool({ name, arguments: args });
    samples.push(performance.now() - started);
    if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  }
  return samples;
}
