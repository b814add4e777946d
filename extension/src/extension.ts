import * as path from "node:path";
import * as vscode from "vscode";
import { registerCoreCommands } from "./commands.js";
import { ServerConnection, type ServerLaunch } from "./mcp/server-connection.js";
import { registerMcpServerProvider } from "./mcp/server-provider.js";
import { affectsServer, readSettings } from "./settings.js";
import { ServerStatusItem } from "./status-bar.js";

export interface CoachApi {
  connection: ServerConnection;
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
  const api: CoachApi = { connection };
  const watch = (c: ServerConnection) => c.onDidChangeState((state) => status.show(state));
  let watching = watch(connection);

  context.subscriptions.push(
    log,
    status,
    { dispose: () => void api.connection.dispose() },
    { dispose: () => watching.dispose() },
    registerMcpServerProvider(launch, context.extension.packageJSON.version as string),
    ...registerCoreCommands(() => api.connection, launch, log),
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
  // Started in the background: activation must stay light, and the first request waits for it.
  api.connection.start().catch(() => undefined);
  return api;
}

export function deactivate(): void {
  // Disposables registered on the context stop the server.
}
