// Turns the command line @vscode/test-electron gives a VS Code executable into a run in the
// offline host, so runTests({ vscodeExecutablePath: <this launcher> }) works without a download.
import path from "node:path";
import { runExtensionTests } from "../run-in-host";

/** The executable to pass as runTests' vscodeExecutablePath. */
export const VSCODE_LAUNCHER = path.join(__dirname, "code");

export interface LaunchRequest {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  workspacePath: string;
}

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
  return { extensionDevelopmentPath, extensionTestsPath, workspacePath };
}

if (require.main === module) {
  (async () => {
    const request = parseVSCodeArgs(process.argv.slice(2));
    process.exitCode = await runExtensionTests(request);
  })().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
