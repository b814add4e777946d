import { getMcpConfigForManifest, type McpbManifestAny } from "@anthropic-ai/mcpb";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { packageBundle, type BundleResult } from "../../scripts/package-mcpb";
import { twinText } from "../fixtures/twin-text";
import { requireBuild } from "../support/spawned-coach";

const DIST = path.join(__dirname, "../../dist");
const MCPB_CLI = path.join(path.dirname(require.resolve("@anthropic-ai/mcpb")), "cli", "cli.js");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    .sort();
}

/** Starts the unpacked bundle's server the way Claude Desktop does: mcpb's own substitution of the manifest's mcp_config. */
async function startAsClaudeDesktop(unpacked: string, home: string, userConfig: Record<string, string>): Promise<Client> {
  const manifest = JSON.parse(readFileSync(path.join(unpacked, "manifest.json"), "utf8")) as McpbManifestAny;
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath: unpacked,
    systemDirs: { HOME: home, DESKTOP: path.join(home, "Desktop"), DOCUMENTS: path.join(home, "Documents"), DOWNLOADS: path.join(home, "Downloads") },
    userConfig,
    pathSeparator: path.sep,
  });
  assert.ok(config, "the manifest yields a server configuration once the required settings are given");
  assert.equal(config.command, "node");
  const transport = new StdioClientTransport({
    command: config.command,
    args: config.args ?? [],
    env: { ...getDefaultEnvironment(), ...config.env, HOME: home },
    stderr: "pipe",
  });
  const client = new Client({ name: "claude-desktop-stand-in", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

describe("The Claude Desktop bundle (.mcpb)", function () {
  this.timeout(120_000);
  let work: string;
  let bundle: BundleResult;
  let unpacked: string;

  before(async () => {
    requireBuild();
    work = mkdtempSync(path.join(os.tmpdir(), "coach-mcpb-"));
    bundle = await packageBundle(DIST, path.join(work, "out", "interview-coach.mcpb"));
    unpacked = path.join(work, "unpacked");
    execFileSync(process.execPath, [MCPB_CLI, "unpack", bundle.file, unpacked], { stdio: "pipe" });
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it("holds the server bundle, its WebAssembly and sample twin, the icon and a valid 0.3 manifest, and no node_modules", () => {
    const files = filesUnder(unpacked);
    for (const file of ["manifest.json", "icon.png", "server/mcp-server.js", "server/node-sqlite3-wasm.wasm", "server/sample-twin.md", "server/coach-app.html"])
      assert.ok(files.includes(file), `${file} is in the bundle`);
    assert.ok(!files.some((f) => f.split("/").includes("node_modules")), "no node_modules");
    const manifest = JSON.parse(readFileSync(path.join(unpacked, "manifest.json"), "utf8")) as McpbManifestAny & { manifest_version: string };
    assert.equal(manifest.manifest_version, "0.3");
    assert.equal(manifest.server.type, "node");
    assert.equal(manifest.server.entry_point, "server/mcp-server.js");
    assert.equal(manifest.icon, "icon.png");
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { version: string; engines: { node: string } };
    assert.equal(manifest.version, pkg.version);
    assert.equal(manifest.compatibility?.runtimes?.node, pkg.engines.node);
    assert.deepEqual(manifest.compatibility?.platforms, ["darwin", "win32", "linux"]);
    assert.deepEqual(Object.keys(manifest.user_config ?? {}).sort(), ["data_dir", "twin_file"]);
    execFileSync(process.execPath, [MCPB_CLI, "validate", path.join(unpacked, "manifest.json")], { stdio: "pipe" });
  });

  it("starts as Claude Desktop would, lists exactly the manifest's tools and records practice in the chosen data folder", async () => {
    const home = path.join(work, "home-1");
    const dataDir = path.join(work, "data-1");
    const client = await startAsClaudeDesktop(unpacked, home, { data_dir: dataDir });
    try {
      const manifest = JSON.parse(readFileSync(path.join(unpacked, "manifest.json"), "utf8")) as { tools: { name: string; description: string }[] };
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), manifest.tools.map((t) => t.name).sort());
      assert.deepEqual(bundle.tools.slice().sort(), manifest.tools.map((t) => t.name).sort());
      const profile = (await client.callTool({ name: "get_profile", arguments: {} })) as CallToolResult;
      assert.notEqual(profile.isError, true, JSON.stringify(profile.content));
      const { profile: person, twinFile } = profile.structuredContent as { profile: { name: string }; twinFile: string };
      assert.equal(person.name, "Elena Marchetti", "an empty twin setting starts from the sample twin");
      assert.equal(twinFile, path.join(dataDir, "twin.md"));
      const recorded = (await client.callTool({
        name: "record_performance",
        arguments: { accuracy: 0.7, storyCoverage: 0.6, satisfaction: 4, responseTime: 90, category: "conflict" },
      })) as CallToolResult;
      assert.notEqual(recorded.isError, true, JSON.stringify(recorded.content));
      // Claude Desktop draws the dashboards in the chat from the bundle's own page.
      const dashboard = await client.readResource({ uri: "ui://interview-coach/dashboard.html" });
      const page = dashboard.contents[0] as { mimeType?: string; text?: string };
      assert.equal(page.mimeType, "text/html;profile=mcp-app");
      assert.match(page.text ?? "", /<div id="root" data-view="dashboard">/);
    } finally {
      await client.close();
    }
    assert.ok(existsSync(path.join(dataDir, "coach.sqlite")), "the store is in the data folder the user chose");
    assert.ok(existsSync(path.join(dataDir, "twin.md")), "the twin was seeded in the data folder");
  });

  it("uses the twin file the user picks", async () => {
    const twin = path.join(work, "my-twin.md");
    writeFileSync(twin, twinText("Priya Raman", [{ id: "pager-noise", title: "Cutting pager noise" }]));
    const client = await startAsClaudeDesktop(unpacked, path.join(work, "home-2"), { data_dir: path.join(work, "data-2"), twin_file: twin });
    try {
      const profile = (await client.callTool({ name: "get_profile", arguments: {} })) as CallToolResult;
      const { profile: person, twinFile } = profile.structuredContent as { profile: { name: string }; twinFile: string };
      assert.deepEqual([person.name, twinFile], ["Priya Raman", twin]);
    } finally {
      await client.close();
    }
  });

  it("with the data folder left empty, coaches from the VS Code extension's folder on this OS, where VS Code keeps it", async () => {
    const home = path.join(work, "home-3");
    const client = await startAsClaudeDesktop(unpacked, home, {});
    try {
      const recorded = (await client.callTool({
        name: "record_performance",
        arguments: { accuracy: 0.5, storyCoverage: 0.5, satisfaction: 3, responseTime: 60, category: "teamwork" },
      })) as CallToolResult;
      assert.notEqual(recorded.isError, true, JSON.stringify(recorded.content));
    } finally {
      await client.close();
    }
    // VS Code's global storage for this extension, as it names it on each platform.
    const appData =
      process.platform === "darwin"
        ? path.join(home, "Library", "Application Support")
        : process.platform === "win32"
          ? process.env.APPDATA!
          : path.join(home, ".config");
    assert.ok(existsSync(path.join(appData, "Code", "User", "globalStorage", "digital-twin-coach.digital-twin-interview-coach", "coach.sqlite")));
  });
});
