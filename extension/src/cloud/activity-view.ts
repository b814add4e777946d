import * as vscode from "vscode";
import { relativeTime, type ActivityItem, type ActivityKind } from "../protocol/platform-activity.js";
import { ACTIVITY_VIEW } from "./cloud-status.js";

const ICONS: Record<ActivityKind, string> = {
  "session-active": "account",
  "session-left": "arrow-right",
  "session-ended": "debug-disconnect",
  "project-updated": "graph-line",
  "project-deleted": "trash",
};

/** Relative times ("2 min ago") are redrawn this often while the view is visible. */
const TICK_MS = 60_000;

export interface ActivitySource {
  items(): readonly ActivityItem[];
  /** The active project's name, shown beside the view's title. */
  projectName(): string | null;
}

/** "Other Platforms": what Claude, ChatGPT and other windows did on the active project, newest first. */
export class ActivityView implements vscode.TreeDataProvider<ActivityItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ActivityItem>;
  private ticker: NodeJS.Timeout | null = null;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly source: ActivitySource) {
    this.view = vscode.window.createTreeView(ACTIVITY_VIEW, { treeDataProvider: this });
    this.subscriptions = [this.view, this.changed, this.view.onDidChangeVisibility(() => this.tickWhileVisible())];
    this.tickWhileVisible();
  }

  refresh(): void {
    this.view.description = this.source.projectName() ?? undefined;
    this.changed.fire();
  }

  getChildren(element?: ActivityItem): ActivityItem[] {
    return element ? [] : [...this.source.items()];
  }

  getTreeItem(item: ActivityItem): vscode.TreeItem {
    const when = relativeTime(item.at, Date.now());
    const treeItem = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
    treeItem.id = `${item.kind}:${item.subject}@${item.clock}`;
    treeItem.description = when;
    treeItem.tooltip = `${item.label}\n${item.detail}\n${new Date(item.at).toLocaleString()}`;
    treeItem.iconPath = new vscode.ThemeIcon(ICONS[item.kind]);
    treeItem.accessibilityInformation = { label: `${item.label}, ${when}` };
    return treeItem;
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private tickWhileVisible(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = this.view.visible ? setInterval(() => this.changed.fire(), TICK_MS) : null;
  }
}
