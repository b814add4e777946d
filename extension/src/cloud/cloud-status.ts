import * as vscode from "vscode";
import type { SyncStatus } from "./forwarder.js";
import type { FeedStatus } from "./sync-feed.js";

export const CLOUD_COMMANDS = {
  setKey: "interviewCoach.setCloudApiKey",
  clearKey: "interviewCoach.clearCloudApiKey",
  turnOn: "interviewCoach.turnOnCloudSync",
  turnOff: "interviewCoach.turnOffCloudSync",
  retry: "interviewCoach.retryCloudSync",
} as const;

export const ACTIVITY_VIEW = "interviewCoach.activity";

export type CloudState =
  | { kind: "off" }
  | { kind: "misconfigured"; problem: string }
  | { kind: "no-key"; endpoint: string }
  | { kind: "running"; endpoint: string; project: string | null; sync: SyncStatus; feed: FeedStatus };

function feedLine(feed: FeedStatus): string {
  switch (feed.kind) {
    case "live":
      return "Other platforms: live.";
    case "connecting":
      return "Other platforms: connecting…";
    case "offline":
      return `Other platforms: reconnecting at ${new Date(feed.retryAt).toLocaleTimeString()} (${feed.reason}).`;
    case "unauthorized":
      return `Other platforms: the cloud refused the key (${feed.reason}).`;
    case "stopped":
      return "Other platforms: not connected.";
  }
}

/** Synced / pending / offline / key refused at a glance; hidden while cloud sync is off. */
export class CloudStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("interviewCoach.cloudSync", vscode.StatusBarAlignment.Left, 49);

  constructor() {
    this.item.name = "Interview Coach Cloud Sync";
  }

  /** What the item says now, for tests and the log. */
  get text(): string {
    return this.item.text;
  }

  show(state: CloudState): void {
    const item = this.item;
    item.backgroundColor = undefined;
    if (state.kind === "off") return item.hide();
    if (state.kind === "misconfigured") {
      item.text = "$(warning) Cloud sync";
      item.tooltip = `${state.problem} Click to open the setting.`;
      item.command = { title: "Open Settings", command: "workbench.action.openSettings", arguments: ["interviewCoach.cloudSync"] };
      item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
    } else if (state.kind === "no-key") {
      item.text = "$(key) Cloud key needed";
      item.tooltip = `Cloud sync to ${state.endpoint} needs an API key. Click to set it.`;
      item.command = CLOUD_COMMANDS.setKey;
      item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
    } else {
      this.showRunning(state);
    }
    item.show();
  }

  private showRunning(state: Extract<CloudState, { kind: "running" }>): void {
    const { item } = this;
    const where = `${state.project ? `"${state.project}"` : "This window's session"} → ${state.endpoint}`;
    const sync = state.sync;
    switch (sync.kind) {
      case "synced":
        item.text = "$(cloud) Synced";
        item.tooltip = `${where}: up to date.\n${feedLine(state.feed)}\nClick to see what other platforms did.`;
        item.command = `${ACTIVITY_VIEW}.focus`;
        break;
      case "pending":
        item.text = `$(sync~spin) Pending ${sync.count}`;
        item.tooltip = `${where}: sending ${sync.count} change${sync.count === 1 ? "" : "s"}.\n${feedLine(state.feed)}`;
        item.command = `${ACTIVITY_VIEW}.focus`;
        break;
      case "offline":
        item.text = `$(cloud-offline) Offline (${sync.count} pending)`;
        item.tooltip = `${where}: cannot reach the cloud (${sync.reason}). ${sync.count} change${sync.count === 1 ? " waits" : "s wait"} safely on disk; next try at ${new Date(sync.retryAt).toLocaleTimeString()}.\n${feedLine(state.feed)}\nClick to retry now.`;
        item.command = CLOUD_COMMANDS.retry;
        break;
      case "unauthorized":
        item.text = "$(warning) Cloud key refused";
        item.tooltip = `${where}: the cloud refused the API key (${sync.reason}). ${sync.count} change${sync.count === 1 ? " waits" : "s wait"} for a new key. Click to set one.`;
        item.command = CLOUD_COMMANDS.setKey;
        item.backgroundColor = new vscode.ThemeColor("statusBarItem.warningBackground");
        break;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
