import * as path from "node:path";
import * as vscode from "vscode";
import { registerCoreCommands, twinFileOf } from "./commands.js";
import { registerDataCommands } from "./data-commands.js";
import { ServerConnection, type ServerLaunch } from "./mcp/server-connection.js";
import { registerMcpServerProvider } from "./mcp/server-provider.js";
import { affectsServer, readSettings } from "./settings.js";
import { CompareController } from "./ab/compare-controller.js";
import { CoachChat } from "./chat/coach-participant.js";
import { API_KEY_SECRET, CloudSync } from "./cloud/cloud-sync.js";
import { ConnectedApps } from "./cloud/connected-apps.js";
import { registerConnectClaudeDesktop } from "./claude-desktop/connect-command.js";
import { JobFitController } from "./job-fit/job-fit-controller.js";
import { PracticeController } from "./practice/practice-controller.js";
import { ServerStatusItem } from "./status-bar.js";
import { CoachView } from "./webviews/coach-view.js";
import { createHandlers } from "./webviews/request-handlers.js";
import type { ViewName } from "./webviews/webview-html.js";
import { markWalkthroughProgress, registerWalkthrough, type DataChange } from "./walkthrough.js";

export interface CoachApi {
  connection: ServerConnection;
  compare: CompareController;
  views: readonly CoachView[];
  cloud: CloudSync;
  practice: PracticeController;
  jobFit: JobFitController;
  chat: CoachChat;
  /** What every practice, trial, preference and delete reports; the views and cloud sync follow it. */
  dataChanged(reason: DataChange): void;
}

/** Wires the pieces together; each piece holds its own logic. */
export function activate(context: vscode.ExtensionContext): CoachApi {
  const log = vscode.window.createOutputChannel("Interview Coach", { log: true });
  const status = new ServerStatusItem();
  const serverPath = path.join(context.extensionPath, "dist", "mcp-server.js");
  const launch = (): ServerLaunch => {
    const settings = readSettings();
    return { runtime: process.execPath, serverPath, dataDir: settings.dataDir ?? context.globalStorageUri.fsPath, twinFile: settings.twinFile };
  };
  let connection = new ServerConnection(launch(), log);
  const cloud = new CloudSync(context, () => api.connection, log);
  const connectedApps = new ConnectedApps(
    () => context.secrets.get(API_KEY_SECRET),
    log,
    () => twinFileOf(launch()),
  );
  const dataChanged = (reason: DataChange) => {
    markWalkthroughProgress(reason);
    for (const view of views) view.notify("data/changed", { reason });
    cloud.dataChanged();
  };
  const compare = new CompareController(
    () => api.connection,
    log,
    () => dataChanged("preference recorded"),
  );
  const jobFit = new JobFitController(() => api.connection, log, dataChanged);
  const handlers = createHandlers(
    () => api.connection,
    () => compare,
    () => jobFit,
    dataChanged,
  );
  const view = (name: ViewName, title: string) => new CoachView(`interviewCoach.${name}`, name, title, context.extensionUri, handlers, log);
  const views = [
    view("dashboard", "Dashboard"),
    view("abRunner", "A/B Runner"),
    view("recommendations", "Recommendations"),
    view("milestones", "Milestones"),
    view("jobFit", "Job Fit"),
  ];
  const practice = new PracticeController(
    () => api.connection,
    launch,
    log,
    () => dataChanged("practice recorded"),
  );
  const chat = new CoachChat(
    () => api.connection,
    () => compare,
    log,
    () => dataChanged("practice recorded"),
  );
  const api: CoachApi = { connection, compare, views, cloud, practice, jobFit, chat, dataChanged };
  const watch = (c: ServerConnection) =>
    c.onDidChangeState((state) => {
      status.show(state);
      for (const view of views) view.notifyServerState(state);
    });
  let watching = watch(connection);

  context.subscriptions.push(
    log,
    status,
    { dispose: () => void api.connection.dispose() },
    { dispose: () => watching.dispose() },
    compare,
    jobFit,
    cloud,
    connectedApps,
    practice,
    chat,
    ...views.map((view) => vscode.window.registerWebviewViewProvider(view.viewId, view)),
    ...views,
    registerWalkthrough(context.extension.id),
    registerMcpServerProvider(launch, context.extension.packageJSON.version as string),
    ...registerCoreCommands(() => api.connection, launch, log),
    ...registerDataCommands(
      () => api.connection,
      log,
      () => dataChanged("all data deleted"),
    ),
    registerConnectClaudeDesktop(launch, log),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsServer(event)) return;
      void api.connection.dispose();
      watching.dispose();
      connection = new ServerConnection(launch(), log);
      api.connection = connection;
      watching = watch(connection);
      connection.start().catch(() => undefined);
    }),
  );
  // Started once activation has returned, so spawning the server stays out of activation time; the first request waits for it.
  setImmediate(() => {
    api.connection.start().catch(() => undefined);
    cloud.start();
  });
  return api;
}

export function deactivate(): void {
  // Disposables registered on the context stop the server.
}
