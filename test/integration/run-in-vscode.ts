// Runs the integration suite inside a real VS Code extension host through @vscode/test-electron's
// runTests and returns its counts. COACH_VSCODE=desktop downloads desktop VS Code; by default the
// launcher runs it in the offline code-server host.
import { runTests, TestRunFailedError, type TestOptions } from "@vscode/test-electron";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CACHE_DIR, installHost } from "../vscode/install-host";
import { vscodeHost, type VSCodeHost } from "../vscode/launcher/host";
import { LAUNCHER_FLAGS, VSCODE_LAUNCHER } from "../vscode/launcher/launch";

const ROOT = path.join(__dirname, "..", "..");
const TIMEOUT_MS = 300_000;

export interface SuiteCounts {
  passed: number;
  failed: number;
}

function log(message: string): void {
  console.log(`[integration] ${message}`);
}

/** What runTests needs beyond the suite itself to start the chosen VS Code. */
function hostOptions(host: VSCodeHost, scratch: string): Partial<TestOptions> & { launchArgs: string[] } {
  // A fresh profile per run, under a short temp path: macOS caps VS Code's IPC socket path at 103 bytes.
  const profile = [`--user-data-dir=${path.join(scratch, "ud")}`, `--extensions-dir=${path.join(scratch, "ext")}`];
  if (host === "desktop") {
    // Without a version, test-electron picks the newest stable release that engines.vscode allows.
    return { cachePath: CACHE_DIR, version: process.env.COACH_VSCODE_VERSION || undefined, launchArgs: profile };
  }
  const launcherOnly = [`--${LAUNCHER_FLAGS.screenshotDir}=${path.join(ROOT, "test-results", "screenshots")}`, `--${LAUNCHER_FLAGS.timeoutMs}=${TIMEOUT_MS}`];
  return { vscodeExecutablePath: VSCODE_LAUNCHER, launchArgs: [...profile, ...launcherOnly] };
}

/** Stops early, with the fix in the message, where the chosen VS Code cannot start at all. */
function checkCanRun(host: VSCodeHost): void {
  if (host === "code-server" && process.platform !== "linux") {
    throw new Error(`The offline VS Code host (code-server) needs Linux, this is ${process.platform}: set COACH_VSCODE=desktop to download desktop VS Code`);
  }
  if (host === "desktop" && process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new Error("Desktop VS Code needs a display and none is set: run under Xvfb, e.g. xvfb-run -a node --import tsx test/run.ts vscode");
  }
}

/** The exit code of a finished run; anything else (no download, no executable) is an error of its own. */
function exitCodeOf(host: VSCodeHost, error: unknown): number {
  if (error instanceof TestRunFailedError) return error.code ?? 1;
  const reason = error instanceof Error ? error.message : String(error);
  if (host === "desktop") {
    throw new Error(
      `COACH_VSCODE=desktop: could not download or start desktop VS Code (${reason}). Offline, leave COACH_VSCODE unset to use the code-server host.`,
    );
  }
  throw new Error(`The VS Code launcher could not start: ${reason}`);
}

/** The counts test/integration/index.ts wrote; a run that ended with no counts, or with a non-zero exit, fails. */
function countsFrom(results: string, exitCode: number): SuiteCounts {
  if (!existsSync(results)) {
    log(`the extension host exited with code ${exitCode} before the suite reported its counts`);
    return { passed: 0, failed: 1 };
  }
  const counts = JSON.parse(readFileSync(results, "utf8")) as SuiteCounts;
  return exitCode === 0 ? counts : { passed: counts.passed, failed: Math.max(1, counts.failed) };
}

export async function runIntegrationSuite(): Promise<SuiteCounts> {
  const host = vscodeHost();
  checkCanRun(host);
  log(
    host === "desktop"
      ? "desktop VS Code (downloaded by @vscode/test-electron)"
      : "code-server (offline), through @vscode/test-electron's runTests and the launcher",
  );
  if (host === "code-server") await installHost();
  execFileSync(process.execPath, ["esbuild.mjs", "--tests"], { cwd: ROOT, stdio: "inherit" });
  const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-it-"));
  const workspace = path.join(scratch, "workspace");
  mkdirSync(workspace);
  const results = path.join(scratch, "results.json");
  try {
    const { launchArgs, ...options } = hostOptions(host, scratch);
    const exitCode = await runTests({
      ...options,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, "out", "test", "integration", "index.js"),
      launchArgs: [workspace, ...launchArgs],
      // Reaches the extension host: directly in desktop VS Code, through the launcher and the server in code-server.
      extensionTestsEnv: { COACH_TEST_RESULTS: results },
    }).catch((error: unknown) => exitCodeOf(host, error));
    return countsFrom(results, exitCode);
  } finally {
    // Windows may hold VS Code's profile files for a moment after it exits.
    rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}
