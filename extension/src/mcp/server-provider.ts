import * as vscode from "vscode";
import type { ServerLaunch } from "./server-connection.js";

export const MCP_PROVIDER_ID = "interviewCoach.mcpServers";

/** Offers the bundled server to Copilot agent mode, on the same data folder and twin as the sidebar. */
export function registerMcpServerProvider(launch: () => ServerLaunch, version: string): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.McpServerDefinitionProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () => {
      const { runtime, serverPath, dataDir, twinFile } = launch();
      const args = [serverPath, "--data-dir", dataDir, ...(twinFile ? ["--twin", twinFile] : [])];
      return [new vscode.McpStdioServerDefinition("Interview Coach", runtime, args, { ELECTRON_RUN_AS_NODE: "1" }, version)];
    },
  };
  const registration = vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  const settings = vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration("interviewCoach.twinFile") || event.affectsConfiguration("interviewCoach.dataDir")) changed.fire();
  });
  return vscode.Disposable.from(registration, settings, changed);
}
