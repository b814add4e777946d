import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as vscode from "vscode";
import type { ConnectOutcome } from "../../extension/src/claude-desktop/connect-command.js";
import type { DesktopServer } from "../../extension/src/claude-desktop/desktop-config.js";
import type { CoachApi } from "../../extension/src/extension.js";

const EXTENSION_ID = "digital-twin-coach.digital-twin-interview-coach";
const OTHER_SERVERS = { weather: { command: "uvx", args: ["weather-mcp"], env: { UNITS: "metric" } } };

async function setConfigFile(file: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration("interviewCoach").update("claudeDesktop.configFile", file, vscode.ConfigurationTarget.Global);
}

const connect = () => vscode.commands.executeCommand<ConnectOutcome>("interviewCoach.connectClaudeDesktop", { confirmed: true });

/** Starts the server exactly as the written entry tells Claude Desktop to. */
async function startAsWritten(entry: DesktopServer): Promise<Client> {
  const transport = new StdioClientTransport({ command: entry.command, args: entry.args, env: { ...getDefaultEnvironment(), ...entry.env }, stderr: "pipe" });
  const client = new Client({ name: "claude-desktop-stand-in", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

/** Registered by the bundled entry once mocha's globals exist. */
export function claudeDesktopTests(): void {
  describe("Connect Claude Desktop", () => {
    let dir: string;
    let file: string;
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "coach-claude-"));
      file = path.join(dir, "Claude", "claude_desktop_config.json");
      mkdirSync(path.dirname(file), { recursive: true });
      await setConfigFile(file);
    });
    after(async () => {
      await setConfigFile(undefined);
      rmSync(dir, { recursive: true, force: true });
    });

    it("adds the extension's server beside the others; Claude Desktop's copy shares this window's twin and history", async () => {
      const api = await vscode.extensions.getExtension<CoachApi>(EXTENSION_ID)!.activate();
      const original = `${JSON.stringify({ mcpServers: OTHER_SERVERS, globalShortcut: "Alt+Space" }, null, 2)}\n`;
      writeFileSync(file, original);
      const outcome = await connect();
      assert.deepEqual(outcome, { outcome: "added", file, backup: `${file}.bak` });
      assert.equal(readFileSync(`${file}.bak`, "utf8"), original);
      const config = JSON.parse(readFileSync(file, "utf8")) as { globalShortcut: string; mcpServers: Record<string, DesktopServer> };
      assert.equal(config.globalShortcut, "Alt+Space");
      assert.deepEqual(config.mcpServers.weather, OTHER_SERVERS.weather);
      const entry = config.mcpServers["interview-coach"]!;
      assert.ok(entry.args[0]!.endsWith(path.join("dist", "mcp-server.js")), entry.args[0]);

      const claude = await startAsWritten(entry);
      try {
        const recorded = (await claude.callTool({
          name: "record_performance",
          arguments: { accuracy: 0.8, storyCoverage: 0.7, satisfaction: 5, responseTime: 77, category: "leadership" },
        })) as CallToolResult;
        assert.notEqual(recorded.isError, true, JSON.stringify(recorded.content));
        const { recordId } = recorded.structuredContent as { recordId: number };
        const profile = (await claude.callTool({ name: "get_profile", arguments: {} })) as CallToolResult;
        const ours = await api.connection.callTool("get_profile");
        assert.equal((profile.structuredContent as { twinFile: string }).twinFile, ours.twinFile, "one twin");
        const exported = await api.connection.callTool("export_data");
        assert.ok(
          exported.performance.some((r) => r.id === recordId),
          "the practice recorded through Claude Desktop's server is in the extension's history",
        );
      } finally {
        await claude.close();
      }
    });

    it("a second run changes nothing", async () => {
      const before = readFileSync(file);
      assert.deepEqual(await connect(), { outcome: "unchanged", file });
      assert.ok(readFileSync(file).equals(before));
    });

    it("refuses a malformed file with the file and the JSON error, and leaves it as it was", async () => {
      const broken = '{ "mcpServers": { "weather": { "command": "uvx", } } }';
      writeFileSync(file, broken);
      rmSync(`${file}.bak`, { force: true });
      const outcome = await connect();
      assert.equal(outcome.outcome, "refused");
      assert.ok(outcome.error?.startsWith(`${file} is not valid JSON`), outcome.error);
      assert.equal(readFileSync(file, "utf8"), broken);
      assert.throws(() => readFileSync(`${file}.bak`), /ENOENT/);
    });
  });
}
