import * as esbuild from "esbuild";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { installedHost, installHost } from "../test/vscode/install-host.js";
import { CHROMIUM, runExtensionTests } from "../test/vscode/run-in-host.js";
import type { ActivationSample } from "./fixtures/activation-probe.js";
import { ms, quietly, summary } from "./support.js";

const TARGET_MS = 150;
const PROBE = "out/bench/activation-probe.js";

/** The probe, bundled into the extension's folder so the host treats it as the extension's own tests; the host provides `vscode`. */
export async function buildProbe(extensionDir: string): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(__dirname, "fixtures/activation-probe.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["vscode"],
    outfile: path.join(extensionDir, PROBE),
    logLevel: "error",
  });
}

/** One fresh VS Code server, browser and extension host, with a new workspace and an empty data dir. */
async function launchOnce(extensionDir: string): Promise<ActivationSample> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-bench-activation-"));
  const workspace = path.join(scratch, "workspace");
  mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
  writeFileSync(path.join(workspace, ".vscode/settings.json"), JSON.stringify({ "interviewCoach.dataDir": path.join(scratch, "data") }));
  const result = path.join(scratch, "result.json");
  // The extension host inherits this from the VS Code server, which inherits it from us.
  process.env.COACH_BENCH_ACTIVATION = result;
  try {
    const code = await quietly(
      () =>
        runExtensionTests({
          extensionDevelopmentPath: extensionDir,
          extensionTestsPath: path.join(extensionDir, PROBE),
          workspacePath: workspace,
          timeoutMs: 120_000,
        }),
      (exitCode) => exitCode !== 0 || !existsSync(result),
    );
    if (!existsSync(result)) throw new Error(`the activation probe wrote no result (extension host exit code ${code})`);
    return JSON.parse(readFileSync(result, "utf8")) as ActivationSample;
  } finally {
    delete process.env.COACH_BENCH_ACTIVATION;
    rmSync(scratch, { recursive: true, force: true });
  }
}

function line(label: string, samples: number[], note = ""): string {
  const s = summary(samples);
  return `  ${label.padEnd(36)} median ${ms(s.p50).padStart(10)}   max ${ms(Math.max(...samples)).padStart(10)}${note}`;
}

type Measured = ActivationSample & { activateMs: number };

/** The figures from one fresh host per launch, for the extension in extensionDir. */
export async function measureActivation(extensionDir: string, launches: number): Promise<ActivationSample[]> {
  const samples: ActivationSample[] = [];
  for (let i = 0; i < launches; i++) samples.push(await launchOnce(extensionDir));
  return samples;
}

export function activationReport(title: string, samples: ActivationSample[]): string[] {
  const version = samples.find((s) => s.vscodeVersion)?.vscodeVersion ?? "unknown";
  const lines = [`${title} (VS Code ${version}, ${samples.length} fresh hosts)`];
  const early = samples.filter((s) => s.alreadyActive).length;
  if (early) lines.push(`  INVALID: in ${early} of ${samples.length} hosts the extension was active before the probe asked`);
  for (const s of samples) if (s.error) lines.push(`  failed: ${s.error}`);
  const valid = samples.filter((s): s is Measured => !s.alreadyActive && s.activateMs !== undefined);
  if (!valid.length) return [...lines, "  no valid measurement"];
  const of = (pick: (s: Measured) => number | undefined) => valid.map(pick).filter((v): v is number => v !== undefined);
  const activate = of((s) => s.activateMs);
  const ready = of((s) => s.serverReadyMs);
  lines.push(line("activate() (module load + activate)", activate, `   (target ≤ ${TARGET_MS} ms)`));
  const cpu = of((s) => s.activateCpuMs);
  if (cpu.length) lines.push(line("extension host CPU time meanwhile", cpu, "   (steadier than wall time on a busy machine)"));
  if (ready.length) lines.push(line("activation to server ready", ready, "   (informative: spawn + MCP handshake)"));
  lines.push(`  per host: ${activate.map((v) => v.toFixed(1)).join(", ")} ms, after the host settled ${summary(of((s) => s.settleMs)).p50.toFixed(0)} ms`);
  const overlapped = valid.filter((s) => s.overlapping?.length);
  if (overlapped.length)
    lines.push(`  ${overlapped.length} of ${valid.length} overlapped other activations: ${[...new Set(overlapped.flatMap((s) => s.overlapping!))].join(", ")}`);
  return lines;
}

/** Activation of the build in extensionDir (a snapshot of the production build) in real extension hosts, median and max. */
export async function activation(extensionDir: string, launches = 5): Promise<string[]> {
  const title = "Extension activation in a real VS Code extension host, production build";
  if (!existsSync(CHROMIUM)) return [title, `  skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`];
  // A first install takes minutes: done here, outside quietly(), so its progress shows.
  if (!installedHost()) await installHost();
  await buildProbe(extensionDir);
  return activationReport(title, await measureActivation(extensionDir, launches));
}
