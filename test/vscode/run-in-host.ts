// Runs an extension's mocha tests inside a real VS Code extension host (the VS Code server, driven
// by headless Debian Chromium), the way @vscode/test-web does, because no desktop VS Code runs here.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { format, parseArgs } from "node:util";
import { chromium, type Page } from "playwright-core";
import { installHost } from "./install-host";
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium";
import { onInterrupt } from "./interrupt";
import { launchHost, type RunningHost } from "./launch-host";

export { CHROMIUM } from "../support/chromium";

export interface ExtensionTestOptions {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspacePath: string;
  timeoutMs?: number;
  screenshotDir?: string;
}

class TestRunTimeout extends Error {}
class Interrupted extends Error {}

function log(message: string): void {
  console.log(`[vscode-host] ${message}`);
}

type WorkbenchOptions = Pick<ExtensionTestOptions, "extensionDevelopmentPath" | "workspacePath"> & { extensionTestsPath?: string; connectionToken?: string };

/** The workbench URL that makes VS Code load the extension under development (and run its tests, when given). */
export function workbenchUrl(host: Pick<RunningHost, "url" | "port">, options: WorkbenchOptions): string {
  const remote = (file: string): string => `vscode-remote://127.0.0.1:${host.port}${pathToFileURL(path.resolve(file)).pathname}`;
  const payload = [["extensionDevelopmentPath", remote(options.extensionDevelopmentPath)]];
  if (options.extensionTestsPath) payload.push(["extensionTestsPath", remote(options.extensionTestsPath)], ["skipWelcome", "true"]);
  const query = new URLSearchParams({ folder: path.resolve(options.workspacePath), payload: JSON.stringify(payload) });
  if (options.connectionToken) query.set("tkn", options.connectionToken);
  return `${host.url}?${query.toString()}`;
}

// Workbench chatter (VS Code 1.139) that shares the tests' log channel; VSCODE_HOST_VERBOSE=1 shows it.
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /^Creation of workbench contribution/,
  /^\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|reconnection-grace-time|Service Worker)\]/,
  /ENOTFOUND open-vsx\.org/,
  /^Canceled: Canceled/,
  /^Timed out waiting for authentication provider/,
];

function forwardLog(args: unknown[]): void {
  const line = format(...args);
  if (!process.env.VSCODE_HOST_VERBOSE && WORKBENCH_NOISE.some((noise) => noise.test(line))) return;
  process.stdout.write(`${line}\n`);
}

async function screenshot(page: Page | undefined, dir: string | undefined, name: string): Promise<void> {
  if (!page || !dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.png`);
    await page.screenshot({ path: file, timeout: 10_000 });
    log(`screenshot: ${file}`);
  } catch (error) {
    log(`no screenshot: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function checkInputs(options: ExtensionTestOptions): void {
  for (const [name, file] of Object.entries({
    extensionDevelopmentPath: options.extensionDevelopmentPath,
    extensionTestsPath: options.extensionTestsPath,
    workspacePath: options.workspacePath,
  })) {
    if (!existsSync(file)) throw new Error(`${name} does not exist: ${file}`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
}

/** Resolves with the exit code the extension host reports; everything started here is closed before it returns. */
export async function runExtensionTests(options: ExtensionTestOptions): Promise<number> {
  checkInputs(options);
  await installHost();
  const timeoutMs = options.timeoutMs ?? 180_000;
  const started = Date.now();
  let reportExit: (code: number) => void = () => undefined;
  let stop: (error: Error) => void = () => undefined;
  const exitCode = new Promise<number>((resolve, reject) => {
    reportExit = resolve;
    stop = reject;
  });
  exitCode.catch(() => undefined);
  // Every step races the stop (timeout, crash, Ctrl+C), so a hung step cannot hang the run.
  const until = <T>(step: Promise<T>): Promise<T> => Promise.race([step, exitCode.then(() => step)]);
  const timer = setTimeout(() => stop(new TestRunTimeout(`no exit code from the extension host within ${timeoutMs} ms`)), timeoutMs);
  let cleanedUp: () => void = () => undefined;
  const cleanup = new Promise<void>((resolve) => (cleanedUp = resolve));
  const unregister = onInterrupt(async () => {
    stop(new Interrupted("interrupted"));
    await cleanup;
  });

  const browserState = mkdtempSync(path.join(os.tmpdir(), "vsc-chromium-"));
  const hostStart = launchHost();
  // Chromium writes crash-report and dconf state under $HOME whatever its profile dir: point HOME away too.
  const home = path.join(browserState, "home");
  const browserStart = chromium.launchPersistentContext(path.join(browserState, "profile"), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), XDG_CACHE_HOME: path.join(home, ".cache") },
    viewport: { width: 1280, height: 800 },
    // interrupt.ts handles signals, so the run's own cleanup closes Chromium.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  // Both are awaited later; these keep an early failure of one from counting as unhandled.
  hostStart.catch(() => undefined);
  browserStart.catch(() => undefined);
  let host: RunningHost | undefined;
  let page: Page | undefined;
  try {
    host = await until(hostStart);
    log(`VS Code server on ${host.url} (${Date.now() - started} ms)`);
    const context = await until(browserStart);
    page = context.pages()[0] ?? (await until(context.newPage()));
    await until(page.exposeFunction("codeAutomationLog", (_type: string, args: unknown[]) => forwardLog(Array.isArray(args) ? args : [args])));
    await until(page.exposeFunction("codeAutomationExit", (code: number) => reportExit(code)));
    page.on("pageerror", (error) => log(`workbench error: ${error.message}`));
    page.on("crash", () => stop(new Error("the workbench page crashed")));
    await until(page.goto(workbenchUrl(host, options), { waitUntil: "domcontentloaded" }));
    const code = await exitCode;
    log(`extension tests exited with ${code} (${Date.now() - started} ms)`);
    await screenshot(page, options.screenshotDir, code === 0 ? "passed" : "failed");
    return code;
  } catch (error) {
    if (!(error instanceof Interrupted)) await screenshot(page, options.screenshotDir, error instanceof TestRunTimeout ? "timeout" : "error");
    if (host) log(`VS Code server output:\n${host.log()}`);
    throw error;
  } finally {
    clearTimeout(timer);
    // Close whatever started, even a step that finishes only after the run was stopped.
    await browserStart
      .then(
        (context) => context.close(),
        () => undefined,
      )
      .catch((error: unknown) => log(`closing Chromium: ${String(error)}`));
    await hostStart.then(
      (started) => started.close(),
      () => undefined,
    );
    rmSync(browserState, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    unregister();
    cleanedUp();
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      extensionDevelopmentPath: { type: "string" },
      extensionTestsPath: { type: "string" },
      workspace: { type: "string" },
      timeout: { type: "string" },
      screenshots: { type: "string" },
    },
  });
  if (!values.extensionDevelopmentPath || !values.extensionTestsPath || !values.workspace) {
    console.error(
      "usage: node --import tsx test/vscode/run-in-host.ts --extensionDevelopmentPath=DIR --extensionTestsPath=FILE --workspace=DIR [--timeout=MS] [--screenshots=DIR]",
    );
    process.exit(2);
  }
  runExtensionTests({
    extensionDevelopmentPath: values.extensionDevelopmentPath,
    extensionTestsPath: values.extensionTestsPath,
    workspacePath: values.workspace,
    timeoutMs: values.timeout ? Number(values.timeout) : undefined,
    screenshotDir: values.screenshots,
  }).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
