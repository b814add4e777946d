// Turns the command line @vscode/test-electron gives a VS Code executable into a run in the
// offline host, so runTests({ vscodeExecutablePath: <this launcher> }) works without a download.
import path from "node:path";
import { runExtensionTests, type ExtensionTestOptions } from "../run-in-host";

/** The executable to pass as runTests' vscodeExecutablePath. */
export const VSCODE_LAUNCHER = path.join(__dirname, "code");

/** Options only this launcher reads, passed in runTests' launchArgs (desktop VS Code has no such flags). */
export const LAUNCHER_FLAGS = { screenshotDir: "screenshot-dir", timeoutMs: "test-timeout-ms" } as const;

export type LaunchRequest = Pick<ExtensionTestOptions, "extensionDevelopmentPath" | "extensionTestsPath" | "workspacePath" | "screenshotDir" | "timeoutMs">;

/** Reads the arguments runTests builds; the desktop-only ones (--no-sandbox, --user-data-dir, ...) do not apply here. */
export function parseVSCodeArgs(argv: string[]): LaunchRequest {
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  for (const arg of argv) {
    const match = /^--([^=]+)=(.*)$/.exec(arg);
    if (match?.[1] !== undefined && match[2] !== undefined) values.set(match[1], [...(values.get(match[1]) ?? []), match[2]]);
    else if (!arg.startsWith("-")) positional.push(arg);
  }
  const [extensionDevelopmentPath, ...more] = values.get("extensionDevelopmentPath") ?? [];
  const extensionTestsPath = values.get("extensionTestsPath")?.[0];
  if (!extensionDevelopmentPath || more.length || !extensionTestsPath) {
    throw new Error("expected exactly one --extensionDevelopmentPath=DIR and an --extensionTestsPath=FILE");
  }
  const [workspacePath, ...extra] = positional;
  if (!workspacePath || extra.length) throw new Error("expected the workspace folder as the one positional argument (runTests' launchArgs)");
  const request: LaunchRequest = { extensionDevelopmentPath, extensionTestsPath, workspacePath };
  const screenshotDir = values.get(LAUNCHER_FLAGS.screenshotDir)?.[0];
  if (screenshotDir) request.screenshotDir = screenshotDir;
  const timeout = values.get(LAUNCHER_FLAGS.timeoutMs)?.[0];
  if (timeout !== undefined) {
    const timeoutMs = Number(timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
      throw new Error(`--${LAUNCHER_FLAGS.timeoutMs} must be a positive whole number of milliseconds, not "${timeout}"`);
    request.timeoutMs = timeoutMs;
  }
  return request;
}

if (require.main === module) {
  (async () => {
    const request = parseVSCodeArgs(process.argv.slice(2));
    // runTests reads this process's exit code as the test run's, as it would desktop VS Code's.
    process.exitCode = await runExtensionTests(request);
  })().catch((error: unknown) => {
    console.error(`[vscode-launcher] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
