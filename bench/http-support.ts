import * as esbuild from "esbuild";
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, copyFileSync, existsSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { onCpus, placement } from "./cpu-placement.js";
import { ms, percentile, ROOT } from "./support.js";
import { freePort } from "../test/support/free-port.js";

export { freePort };

/** The HTTP bundle is not in the .vsix, so snapshotBuild leaves it out: the HTTP benches need it beside mcp-server.js. */
export function addHttpBundle(build: string): void {
  const bundle = path.join(ROOT, "dist/http-server.js");
  if (!existsSync(bundle)) throw new Error("dist/http-server.js is missing: run npm run build:production");
  copyFileSync(bundle, path.join(build, "dist/http-server.js"));
}

/** A bench fixture bundled and minified the way the server is, so both run as plain Node with the same startup. */
export async function bundleFixture(name: string, dir: string): Promise<string> {
  const outfile = path.join(dir, `${name}.js`);
  await esbuild.build({
    entryPoints: [path.join(__dirname, "fixtures", `${name}.ts`)],
    bundle: true,
    platform: "node",
    target: "node20",
    minify: true,
    outfile,
    logLevel: "error",
  });
  return outfile;
}

export interface Running {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * A server process on 127.0.0.1:port, on the servers' CPU (cpu-placement.ts), its stderr in logFile
 * (a pipe the bench drained would steal CPU from the load generator), ready once `probe` answers 200.
 */
export async function startProcess(
  args: string[],
  port: number,
  logFile: string,
  options: { env?: NodeJS.ProcessEnv; probe?: string; fileLimit?: number } = {},
): Promise<Running> {
  const log = openSync(logFile, "a");
  // taskset and the shell exec the server, so the pid stays the server's own (its CPU time is read by pid).
  const [pinned, pinnedArgs] = onCpus(placement?.servers, process.execPath, args);
  // A raised open-file limit needs a shell's ulimit.
  const [command, argv]: [string, string[]] = options.fileLimit
    ? ["sh", ["-c", `ulimit -n ${options.fileLimit} && exec "$0" "$@"`, pinned, ...pinnedArgs]]
    : [pinned, pinnedArgs];
  const child = spawn(command, argv, { stdio: ["ignore", "ignore", log], env: options.env ?? process.env });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${args.join(" ")} exited before it was ready:\n${readFileSync(logFile, "utf8")}`);
    const ok = await fetch(`${url}${options.probe ?? "/livez"}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${args.join(" ")} was not ready within 15 s:\n${readFileSync(logFile, "utf8")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, pid: child.pid!, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  // Draining thousands of sockets is bounded by the server's shutdown timeout; past that, kill it.
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  await exited;
  clearTimeout(timer);
}

export interface CoachOptions {
  server: string;
  dataDir: string;
  logFile: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  fileLimit?: number;
}

/** The coach in HTTP mode with the rate limit out of the way (the benches measure throughput, not the limiter's 429s). */
export async function startCoach(options: CoachOptions): Promise<Running> {
  const port = await freePort();
  const args = [options.server, "--http", "--port", String(port), "--data-dir", options.dataDir, "--rate-limit", "1000000", ...(options.args ?? [])];
  return startProcess(args, port, options.logFile, { env: options.env ?? process.env, probe: "/readyz", fileLimit: options.fileLimit });
}

/** An API key through the CLI, as an operator makes one; `where` is --data-dir DIR or --redis URL. */
export function createKey(server: string, where: string[], userId: string, scopes: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return keysCommand(server, ["create", "--user", userId, ...scopes.flatMap((s) => ["--scope", s]), ...where], env);
}

/** The server's `keys` subcommand, as an operator runs it; resolves with what it printed. */
export function keysCommand(server: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [server, "keys", ...args], { env }, (error, stdout, stderr) =>
      error ? reject(new Error(`keys ${args[0]} failed: ${stderr}`)) : resolve(stdout.trim()),
    );
  });
}

/** An OAuth access token by client_credentials, for a service client the operator creates: what a backend connected with OAuth presents. */
export async function serviceToken(server: string, dataDir: string, baseUrl: string, userId: string, scopes: string[]): Promise<string> {
  const [clientId, secret] = (
    await keysCommand(server, ["service-client", "--user", userId, ...scopes.flatMap((s) => ["--scope", s]), "--data-dir", dataDir])
  ).split("\n");
  const response = await fetch(`${baseUrl}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: scopes.join(" "), resource: baseUrl }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token) throw new Error(`client_credentials: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/** This process's open-file limits (soft, hard), which children inherit. */
export function fileLimits(): { soft: number; hard: number } {
  const read = (flag: string) => {
    const value = execFileSync("sh", ["-c", `ulimit ${flag}`], { encoding: "utf8" }).trim();
    return value === "unlimited" ? Number.MAX_SAFE_INTEGER : Number(value);
  };
  return { soft: read("-Sn"), hard: read("-Hn") };
}

/** CPU time a process has used, user plus system, in ms, from /proc (Linux); null elsewhere. */
export function cpuMs(pid: number): number | null {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks (100 Hz on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** Resident set size of a process, from /proc (Linux); null elsewhere. */
export function rssBytes(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return kb ? Number(kb[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function tail(samples: number[]): { n: number; p50: number; p95: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), p99: percentile(sorted, 0.99) };
}

export function tailRow(label: string, s: { n: number; p50: number; p95: number; p99: number }): string {
  return `  ${label.padEnd(40)} p50 ${ms(s.p50).padStart(9)}   p95 ${ms(s.p95).padStart(9)}   p99 ${ms(s.p99).padStart(9)}   (n=${s.n})`;
}
