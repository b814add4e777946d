// Which VS Code @vscode/test-electron's runTests starts: the offline code-server host through the
// launcher (the default, and the only one this machine can run) or a downloaded desktop VS Code.
export type VSCodeHost = "code-server" | "desktop";

/** Reads COACH_VSCODE: "desktop", or unset / "code-server"; anything else is a mistake worth stopping for. */
export function vscodeHost(env: NodeJS.ProcessEnv = process.env): VSCodeHost {
  const value = env.COACH_VSCODE?.trim() || "code-server";
  if (value === "code-server" || value === "desktop") return value;
  throw new Error(`COACH_VSCODE must be "desktop" or "code-server" (the default when unset), not "${value}"`);
}

/** Why the suites that drive code-server through Debian's Chromium (harness, e2e) cannot run here, if they cannot. */
export function codeServerUnavailable(host: VSCodeHost, platform: NodeJS.Platform = process.platform): string | undefined {
  if (host === "desktop") return "COACH_VSCODE=desktop runs desktop VS Code, and these suites drive code-server through Debian's Chromium";
  if (platform !== "linux") return `they drive code-server through Debian's Chromium, which needs Linux (this is ${platform})`;
  return undefined;
}
