import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "./free-port.js";

/** A throwaway redis-server (the Debian package) on a free 127.0.0.1 port, with no persistence. */
export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER ?? "redis-server";
const MISSING = `redis-server was not found (looked for "${BINARY}"). Install the Debian package: apt-get install redis-server (CI installs it in .ci/run).`;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
}

async function startOnce(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(BINARY, ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--loglevel", "notice"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let timer: NodeJS.Timeout | undefined;
  try {
    // The server says it is listening only once it has bound the port, so another process's socket cannot fool us.
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Ready to accept connections/.test(output)) resolve();
      };
      child.stdout?.on("data", read);
      child.stderr?.on("data", read);
      child.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "ENOENT" ? new Error(MISSING) : error));
      child.once("exit", (code) => reject(new Error(`redis-server exited with code ${code} before accepting connections:\n${output}`)));
      timer = setTimeout(() => reject(new Error(`redis-server did not accept connections on port ${port} within 10 s:\n${output}`)), 10_000);
    });
    return child;
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "coach-redis-"));
  let lastError: unknown;
  // A port found free can be taken before the server binds it; try a few.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const child = await startOnce(port, dir);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        async stop() {
          child.kill("SIGTERM");
          await exited(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      lastError = error;
      if (error instanceof Error && error.message === MISSING) break;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
