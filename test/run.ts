// Runs every mocha suite in one process and ends with the plain summary line CI reads.
import Mocha from "mocha";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { codeServerUnavailable, vscodeHost } from "./vscode/launcher/host";

const SUITES = ["unit", "protocol", "process", "http", "redis", "harness", "e2e", "apps", "browser-extension", "vscode"];
/** Suites whose specs live in a folder of another name: the harness's own tests sit beside it. */
const FOLDERS: Record<string, string> = { harness: "vscode" };
/** Suites that drive code-server through Debian's Chromium and have no desktop VS Code counterpart. */
const CODE_SERVER_ONLY = ["harness", "e2e"];
const only = process.argv.slice(2);
const root = path.join(__dirname);

function specs(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return specs(full);
      return name.endsWith(".test.ts") ? [full] : [];
    })
    .sort();
}

async function main(): Promise<void> {
  const mocha = new Mocha({ reporter: "spec", timeout: 20_000, slow: 1_000 });
  const requested = only.length ? only : SUITES;
  const unavailable = codeServerUnavailable(vscodeHost());
  const skippedSuites = unavailable ? requested.filter((s) => CODE_SERVER_ONLY.includes(s)) : [];
  if (skippedSuites.length) console.log(`Skipping the ${skippedSuites.join(" and ")} suite(s): ${unavailable}.`);
  const suites = requested.filter((s) => !skippedSuites.includes(s));
  // "vscode" is the integration suite run inside a real VS Code, after the mocha suites here.
  for (const suite of suites.filter((s) => s !== "vscode")) for (const file of specs(path.join(root, FOLDERS[suite] ?? suite))) mocha.addFile(file);
  await mocha.loadFilesAsync();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const runner = mocha.run();
  runner.on("pass", () => passed++);
  runner.on("fail", () => failed++);
  runner.on("pending", () => skipped++);
  await new Promise<void>((resolve) => runner.on("end", () => resolve()));
  if (suites.includes("vscode")) {
    const { runIntegrationSuite } = await import("./integration/run-in-vscode.js");
    console.log("\n  Integration suite inside a real VS Code");
    const counts = await runIntegrationSuite().catch((error: unknown) => {
      console.error(error);
      return { passed: 0, failed: 1 };
    });
    passed += counts.passed;
    failed += counts.failed;
  }
  if (skipped) console.log(`\n${skipped} skipped (pending)`);
  // CI reads this exact line, alone on its line, as the result.
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  console.log("\n0 passed, 1 failed");
  process.exitCode = 1;
});
