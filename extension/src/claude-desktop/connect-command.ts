import os from "node:os";
import path from "node:path";
import * as vscode from "vscode";
import { errorMessage } from "#contracts/plain.js";
import type { ServerLaunch } from "../mcp/server-connection.js";
import { SECTION } from "../settings.js";
import { planConfigEdit, writeConfigEdit } from "./config-file.js";
import { desktopConfigPath, desktopServer } from "./desktop-config.js";

export const CONNECT_CLAUDE_DESKTOP = "interviewCoach.connectClaudeDesktop";

export interface ConnectOutcome {
  outcome: "added" | "unchanged" | "refused" | "cancelled" | "bundle";
  file: string;
  backup?: string;
  error?: string;
}

/** The setting's path when set (a Claude Desktop kept elsewhere, or a test), else where Claude Desktop keeps it on this OS. */
function configFile(): string {
  const chosen = vscode.workspace.getConfiguration(SECTION).get<string>("claudeDesktop.configFile")?.trim();
  if (!chosen) return desktopConfigPath(process.platform, os.homedir(), process.env);
  return chosen.startsWith("~") ? path.join(os.homedir(), chosen.slice(1)) : chosen;
}

/** The bundle asks for the data folder when installed: give the person this one to paste. */
async function offerBundle(dataDir: string): Promise<void> {
  const copy = "Copy Data Folder Path";
  const choice = await vscode.window.showInformationMessage(
    `Open interview-coach.mcpb with Claude Desktop and, when it asks for the data folder, choose ${dataDir} to share this history.`,
    copy,
  );
  if (choice === copy) await vscode.env.clipboard.writeText(dataDir);
}

/** "Interview Coach: Connect Claude Desktop": adds the extension's own server to Claude Desktop's configuration, after a confirmation showing the file. */
export function registerConnectClaudeDesktop(launch: () => ServerLaunch, log: vscode.OutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(CONNECT_CLAUDE_DESKTOP, async (options?: { confirmed?: boolean }): Promise<ConnectOutcome> => {
    const file = configFile();
    const current = launch();
    let plan;
    try {
      plan = planConfigEdit(file, desktopServer(current, Boolean(process.versions.electron)));
    } catch (error) {
      const message = `could not read ${file}: ${errorMessage(error)}`;
      void vscode.window.showErrorMessage(`Interview Coach: ${message}`);
      return { outcome: "refused", file, error: message };
    }
    if (plan.kind === "refused") {
      log.appendLine(`[connect Claude Desktop] ${plan.error}`);
      void vscode.window.showErrorMessage(`Interview Coach: ${plan.error}`);
      return { outcome: "refused", file, error: plan.error };
    }
    if (plan.kind === "unchanged") {
      void vscode.window.showInformationMessage(`Interview Coach: Claude Desktop already starts this server, on ${current.dataDir} (${file}).`);
      return { outcome: "unchanged", file };
    }
    if (options?.confirmed !== true) {
      const add = "Add to Claude Desktop";
      const bundle = "Use the .mcpb Bundle Instead";
      const choice = await vscode.window.showInformationMessage(
        "Add Interview Coach to Claude Desktop?",
        {
          modal: true,
          detail: `Writes the "interview-coach" server into\n${file}\n${plan.existed ? `(the current file is kept as ${file}.bak)` : "(a new file)"}\nwith this window's data folder ${current.dataDir}, so both apps share one twin and one history. Restart Claude Desktop to load it.`,
        },
        add,
        bundle,
      );
      if (choice === bundle) {
        void offerBundle(current.dataDir);
        return { outcome: "bundle", file };
      }
      if (choice !== add) return { outcome: "cancelled", file };
    }
    try {
      const { backup } = writeConfigEdit(plan);
      void vscode.window.showInformationMessage(`Interview Coach: added to Claude Desktop in ${file}. Restart Claude Desktop to load it.`);
      return { outcome: "added", file, ...(backup ? { backup } : {}) };
    } catch (error) {
      const message = `could not write ${file}: ${errorMessage(error)}`;
      void vscode.window.showErrorMessage(`Interview Coach: ${message}`);
      return { outcome: "refused", file, error: message };
    }
  });
}
