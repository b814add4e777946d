import * as vscode from "vscode";
import type { ConnectionState } from "./mcp/server-connection.js";

export const SHOW_LOG_COMMAND = "interviewCoach.showServerLog";

/** Connecting / ready / error at a glance; a click opens the server log. */
export class ServerStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("interviewCoach.server", vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = "Interview Coach Server";
    this.item.command = SHOW_LOG_COMMAND;
    this.show({ kind: "stopped" });
    this.item.show();
  }

  show(state: ConnectionState): void {
    this.item.backgroundColor = undefined;
    switch (state.kind) {
      case "connecting":
        this.item.text = "$(sync~spin) Interview Coach";
        this.item.tooltip = state.attempt > 1 ? `Starting the interview coach server (attempt ${state.attempt})…` : "Starting the interview coach server…";
        break;
      case "ready":
        this.item.text = "$(mortar-board) Interview Coach";
        this.item.tooltip = `Interview coach server ${state.serverVersion} is running (pid ${state.pid}). Click for its log.`;
        break;
      case "error":
        this.item.text = "$(error) Interview Coach";
        this.item.backgroundColor = new vscode.ThemeColor("statusBarItem.errorBackground");
        this.item.tooltip = `${state.message}${state.retryInMs === null ? "" : ` Retrying in ${Math.round(state.retryInMs / 1000)} s.`} Click for the log.`;
        break;
      case "stopped":
        this.item.text = "$(circle-slash) Interview Coach";
        this.item.tooltip = "The interview coach server is stopped.";
        break;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
