// Builds the Claude Desktop bundle (out/interview-coach.mcpb) from the built server in dist/.
// Usage: node --import tsx scripts/package-mcpb.ts [--dist DIR] [--out FILE]
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const ROOT = path.join(__dirname, "..");
/** The files the server reads at run time, beside its bundle (the MCP Apps page among them); licences ride along when the production build made them. */
const SERVER_FILES = ["mcp-server.js", "node-sqlite3-wasm.wasm", "sample-twin.md", "coach-app.html"];

export interface BundleResult {
  file: string;
  bytes: number;
  tools: string[];
}

function mcpbCli(): string {
  // The package exports no package.json, so the CLI is found from its main entry.
  return path.join(path.dirname(require.resolve("@anthropic-ai/mcpb")), "cli", "cli.js");
}

function runMcpb(args: string[]): void {
  execFileSync(process.execPath, [mcpbCli(), ...args], { stdio: ["ignore", "pipe", "pipe"] });
}

/** The tools as the staged server itself lists them, so the manifest cannot drift from the code. */
export async function listServerTools(serverPath: string): Promise<Pick<Tool, "name" | "description">[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-mcpb-tools-"));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [serverPath, "--data-dir", dataDir],
    env: getDefaultEnvironment(),
    stderr: "pipe",
  });
  const client = new Client({ name: "interview-coach-packager", version: "1.0.0" });
  try {
    await client.connect(transport);
    const tools: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return tools.map(({ name, description }) => ({ name, description }));
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function packageBundle(distDir: string, outFile: string): Promise<BundleResult> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string; engines: { node: string } };
  const stage = path.join(path.dirname(outFile), "mcpb");
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(path.join(stage, "server"), { recursive: true });
  const legal = readdirSync(distDir).filter((name) => name.startsWith("mcp-server.") && name.endsWith(".LEGAL.txt"));
  for (const name of [...SERVER_FILES, ...legal]) {
    const from = path.join(distDir, name);
    if (!existsSync(from)) throw new Error(`${from} is missing: build the server first (npm run build:production)`);
    copyFileSync(from, path.join(stage, "server", name));
  }
  copyFileSync(path.join(ROOT, "media", "icon.png"), path.join(stage, "icon.png"));
  copyFileSync(path.join(ROOT, "LICENSE"), path.join(stage, "LICENSE"));

  const tools = await listServerTools(path.join(stage, "server", "mcp-server.js"));
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "mcpb", "manifest.template.json"), "utf8")) as Record<string, unknown> & {
    compatibility: { runtimes: { node: string } };
  };
  manifest.version = pkg.version;
  manifest.tools = tools;
  manifest.compatibility.runtimes.node = pkg.engines.node;
  const manifestPath = path.join(stage, "manifest.json");
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  runMcpb(["validate", manifestPath]);
  rmSync(outFile, { force: true });
  runMcpb(["pack", stage, outFile]);
  return { file: outFile, bytes: statSync(outFile).size, tools: tools.map((t) => t.name) };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { dist: { type: "string", default: path.join(ROOT, "dist") }, out: { type: "string", default: path.join(ROOT, "out", "interview-coach.mcpb") } },
  });
  packageBundle(path.resolve(values.dist), path.resolve(values.out)).then(
    (result) => console.log(`${path.relative(process.cwd(), result.file)}: ${(result.bytes / 1024).toFixed(0)} KB, ${result.tools.length} tools`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
