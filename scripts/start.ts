// npm start: the extension in a real VS Code, with the sample twin and a few weeks of scored history.
// Desktop VS Code when `code` is on the PATH, otherwise the VS Code server on 127.0.0.1 behind a token.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { installHost } from "../test/vscode/install-host";
import { launchHost } from "../test/vscode/launch-host";
import { workbenchUrl } from "../test/vscode/run-in-host";
import { seedHistory } from "../test/e2e/support/seed";
import { SERVER_BUNDLE, spawnCoach } from "../test/support/spawned-coach";

const ROOT = path.join(__dirname, "..");
const SANDBOX = path.join(ROOT, ".vscode-test/start");
const WORKSPACE = path.join(SANDBOX, "workspace");
const DATA_DIR = path.join(SANDBOX, "data");

const { values: options } = parseArgs({
  options: {
    fresh: { type: "boolean", default: false },
    "code-server": { type: "boolean", default: false },
  },
});

function prepareWorkspace(): void {
  if (options.fresh) rmSync(SANDBOX, { recursive: true, force: true });
  mkdirSync(path.join(WORKSPACE, ".vscode"), { recursive: true });
  writeFileSync(path.join(WORKSPACE, ".vscode/settings.json"), `${JSON.stringify({ "interviewCoach.dataDir": DATA_DIR }, null, 2)}\n`);
}

/** Seeds the data folder through the built server, once: later runs keep what you practised. */
async function ensureHistory(): Promise<void> {
  const coach = await spawnCoach(DATA_DIR, ["--log-level", "warn"]);
  let kept: number;
  try {
    kept = ((await coach.call("export_data")).structuredContent as { performance: unknown[] }).performance.length;
  } finally {
    await coach.close();
  }
  if (kept) {
    console.log(`Data folder ${DATA_DIR}: ${kept} practice records kept (npm start -- --fresh starts over).`);
    return;
  }
  console.log("Seeding three weeks of practice: each answer drafted from the sample twin and scored by the rubric…");
  const seeded = await seedHistory(DATA_DIR);
  console.log(`Seeded ${seeded.records} practice records and ${seeded.trials} A/B trials in ${DATA_DIR}.`);
}

function desktopCode(): string | undefined {
  const names = process.platform === "win32" ? ["code.cmd", "code.exe"] : ["code"];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    for (const name of names) if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

async function runInCodeServer(): Promise<void> {
  await installHost();
  const connectionToken = randomBytes(18).toString("base64url");
  const host = await launchHost({ connectionToken });
  const url = workbenchUrl(host, { extensionDevelopmentPath: ROOT, workspacePath: WORKSPACE, connectionToken });
  console.log(`\nInterview Coach is running in VS Code at:\n\n  ${url}\n\nOpen it in a browser on this machine; Ctrl+C stops the server.`);
  // The host closes itself on Ctrl+C (onInterrupt); until then this process just waits.
  await new Promise<never>(() => undefined);
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run "npm run build" first`);
  prepareWorkspace();
  await ensureHistory();
  const code = options["code-server"] ? undefined : desktopCode();
  if (!code) return runInCodeServer();
  console.log(`Opening VS Code (${code}) with the extension under development…`);
  // code.cmd is a batch file, which Node only runs through a shell on Windows.
  const child = spawn(code, ["--new-window", `--extensionDevelopmentPath=${ROOT}`, WORKSPACE], { stdio: "inherit", shell: process.platform === "win32" });
  await new Promise((resolve) => child.once("exit", resolve));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
