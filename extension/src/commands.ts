import { existsSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import type { ServerConnection, ServerLaunch } from "./mcp/server-connection.js";
import { SHOW_LOG_COMMAND } from "./status-bar.js";
import { errorMessage } from "#contracts/plain.js";

export const COMMANDS = {
  restartServer: "interviewCoach.restartServer",
  showServerLog: SHOW_LOG_COMMAND,
  openTwinProfile: "interviewCoach.openTwinProfile",
} as const;

/** Turns a failure into a message a person can act on, with the log one click away. */
export async function reportError(action: string, error: unknown, log: vscode.OutputChannel): Promise<void> {
  const detail = errorMessage(error);
  log.appendLine(`[${action}] ${detail}`);
  const choice = await vscode.window.showErrorMessage(`Interview Coach: could not ${action}. ${detail}`, "Show Log");
  if (choice === "Show Log") log.show();
}

/** The twin file the server uses: the setting, else twin.md in the data folder (seeded by the server on first use). */
export function twinFileOf(launch: ServerLaunch): string {
  return launch.twinFile ?? path.join(launch.dataDir, "twin.md");
}

async function openTwinProfile(connection: ServerConnection, launch: ServerLaunch, log: vscode.OutputChannel): Promise<void> {
  const file = twinFileOf(launch);
  let problem: string | null = null;
  try {
    // Asking for the profile seeds the sample twin in a new data folder and checks the file parses.
    await connection.callTool("get_profile");
  } catch (error) {
    problem = errorMessage(error);
  }
  if (!existsSync(file)) {
    await reportError("open the twin profile", problem ?? `${file} does not exist`, log);
    return;
  }
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
  const line = problem ? /line (\d+)/.exec(problem)?.[1] : undefined;
  if (problem && line) {
    const position = new vscode.Position(Math.max(0, Number(line) - 1), 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
    void vscode.window.showWarningMessage(`Interview Coach: the twin file has a problem. ${problem}`);
  }
}

export function registerCoreCommands(connection: () => ServerConnection, launch: () => ServerLaunch, log: vscode.OutputChannel): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.showServerLog, () => log.show()),
    vscode.commands.registerCommand(COMMANDS.restartServer, async () => {
      try {
        await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: "Restarting the interview coach server…" }, () =>
          connection().restart(),
        );
      } catch (error) {
        await reportError("restart the server", error, log);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.openTwinProfile, () => openTwinProfile(connection(), launch(), log)),
  ];
}
