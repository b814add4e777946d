// Starts the VS Code server from the installed host on a free port, with every bit of state in a
// temp dir, because tests must neither read nor leave anything in $HOME.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hostPaths, installedHost } from "./install-host";
import { onInterrupt } from "./interrupt";

export interface RunningHost {
  url: string;
  port: number;
  /** The server's output so far, for error messages. */
  log(): string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  startTimeoutMs?: number;
  /** Extra environment for the server and so for the extension host it forks. */
  env?: NodeJS.ProcessEnv;
  /** .vsix files installed into the fresh extensions folder before the server starts, as the Marketplace would. */
  installExtensions?: string[];
  /** Require this token (as `tkn` in the first URL): for a person's session rather than a test run. */
  connectionToken?: string;
}

const LISTENING = /Extension host agent listening on (\d+)/;

// Servers still running, by process group and state dir: removed if this process exits before close().
const running = new Map<number, string>();

function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // The group is already gone.
  }
}

function removeLeftovers(): void {
  for (const [group, state] of running) {
    killGroup(group, "SIGKILL");
    rmSync(state, { recursive: true, force: true });
  }
  running.clear();
}

async function serves(url: string, connectionToken?: string): Promise<boolean> {
  try {
    // The server answers a first visit with the token by redirecting with a cookie; a probe just sends the cookie.
    const headers = connectionToken ? { cookie: `vscode-tkn=${encodeURIComponent(connectionToken)}` } : undefined;
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

export async function launchHost(options: LaunchOptions = {}): Promise<RunningHost> {
  const paths = hostPaths();
  if (!installedHost()) throw new Error(`No VS Code host in ${paths.root}: run "node --import tsx test/vscode/install-host.ts"`);
  // Short base path: the server's IPC sockets live under XDG_RUNTIME_DIR and socket paths max out at 107 bytes.
  const state = mkdtempSync(path.join(os.tmpdir(), "vsc-host-"));
  const dir = (name: string): string => {
    const full = path.join(state, name);
    mkdirSync(full, { recursive: true, mode: 0o700 });
    return full;
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: dir("xdg-config"),
    XDG_DATA_HOME: dir("xdg-data"),
    XDG_CACHE_HOME: dir("xdg-cache"),
    XDG_STATE_HOME: dir("xdg-state"),
    XDG_RUNTIME_DIR: dir("run"),
    ...options.env,
  };
  const args = [
    paths.serverMain,
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    ...(options.connectionToken ? ["--connection-token", options.connectionToken] : ["--without-connection-token"]),
    "--accept-server-license-terms",
    "--enable-smoke-test-driver",
    "--telemetry-level",
    "off",
    // As @vscode/test-electron does on desktop: otherwise the test workspace opens in Restricted Mode.
    "--disable-workspace-trust",
    "--server-data-dir",
    dir("server-data"),
    "--user-data-dir",
    dir("user-data"),
    "--extensions-dir",
    dir("extensions"),
  ];
  for (const vsix of options.installExtensions ?? []) {
    const installed = spawnSync(paths.node, [paths.serverMain, "--install-extension", vsix, "--force", ...args.slice(-6), "--accept-server-license-terms"], {
      env,
      cwd: state,
      encoding: "utf8",
    });
    if (installed.status !== 0) throw new Error(`installing ${vsix} failed: ${installed.stderr || installed.stdout}`);
  }
  // Its own process group, so close() also ends the extension host and the helpers it forks.
  const server = spawn(paths.node, args, { env, cwd: state, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const group = server.pid;
  if (group === undefined) {
    rmSync(state, { recursive: true, force: true });
    throw await new Promise<Error>((resolve) => server.once("error", resolve));
  }
  if (running.size === 0) process.once("exit", removeLeftovers);
  running.set(group, state);
  let output = "";
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) =>
    server.once("exit", (code, signal) => {
      exited = `exited with ${code ?? signal}`;
      resolve();
    }),
  );
  server.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      unregister();
      killGroup(group, "SIGTERM");
      // Unref'd: a pending grace timer must not keep the test process alive once the server is gone.
      const ended = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => setTimeout(r, 5_000, false).unref())]);
      if (!ended) killGroup(group, "SIGKILL");
      // Helpers (pty host, file watcher) may outlive the server by a moment: make sure the group is gone.
      killGroup(group, "SIGKILL");
      running.delete(group);
      if (running.size === 0) process.off("exit", removeLeftovers);
      rmSync(state, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    })());
  const unregister = onInterrupt(close);

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  try {
    for (;;) {
      if (exited) throw new Error(`VS Code server ${exited} before serving:\n${output}`);
      if (Date.now() > deadline) throw new Error(`VS Code server did not serve within ${options.startTimeoutMs ?? 60_000} ms:\n${output}`);
      const port = LISTENING.exec(output)?.[1];
      if (port && (await serves(`http://127.0.0.1:${port}/`, options.connectionToken))) {
        return { url: `http://127.0.0.1:${port}/`, port: Number(port), log: () => output, close };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await close();
    throw error;
  }
}
