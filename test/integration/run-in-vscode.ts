// Runs the integration suite inside a real VS Code extension host and returns its counts.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { installHost } from "../vscode/install-host";
import { runExtensionTests } from "../vscode/run-in-host";

const ROOT = path.join(__dirname, "../..");

export async function runIntegrationSuite(): Promise<{ passed: number; failed: number }> {
  await installHost();
  execFileSync(process.execPath, ["esbuild.mjs", "--tests"], { cwd: ROOT, stdio: "inherit" });
  const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-integration-"));
  const workspace = path.join(scratch, "workspace");
  mkdirSync(workspace);
  const results = path.join(scratch, "results.json");
  // The extension host inherits this from the VS Code server, which inherits it from us.
  process.env.COACH_TEST_RESULTS = results;
  try {
    const code = await runExtensionTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, "out/test/integration/index.js"),
      workspacePath: workspace,
      screenshotDir: path.join(ROOT, "test-results/screenshots"),
      timeoutMs: 300_000,
    });
    if (!existsSync(results)) return { passed: 0, failed: 1 };
    const counts = JSON.parse(readFileSync(results, "utf8")) as { passed: number; failed: number };
    return code === 0 ? counts : { passed: counts.passed, failed: Math.max(1, counts.failed) };
  } finally {
    delete process.env.COACH_TEST_RESULTS;
    rmSync(scratch, { recursive: true, force: true });
  }
}
