import * as vscode from "vscode";
import type { ConnectionState } from "../mcp/server-connection.js";
import type { NotificationMap, NotificationMethod, ResponseMessage, ServerStatus } from "../protocol/webview-protocol.js";
import { handleRequest, type Handlers } from "./request-handlers.js";
import { renderWebviewHtml, webviewRoots, type ViewName } from "./webview-html.js";
import { errorMessage } from "#contracts/plain.js";

/** One sidebar view: renders the React app for `view` and relays its typed requests to the server. */
export class CoachView implements vscode.WebviewViewProvider, vscode.Disposable {
  private webviewView: vscode.WebviewView | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly viewId: string,
    private readonly view: ViewName,
    private readonly title: string,
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: Handlers,
    private readonly log: vscode.OutputChannel,
  ) {}

  resolveWebviewView(webviewView: vscode.WebviewView): void {
    this.webviewView = webviewView;
    const { webview } = webviewView;
    webview.options = { enableScripts: true, localResourceRoots: webviewRoots(this.extensionUri) };
    webview.html = renderWebviewHtml(webview, this.extensionUri, this.view, this.title);
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => void this.onMessage(message)),
      webviewView.onDidDispose(() => {
        this.webviewView = null;
      }),
    );
  }

  get resolved(): boolean {
    return this.webviewView !== null;
  }

  notify<N extends NotificationMethod>(method: N, params: NotificationMap[N]): void {
    void this.webviewView?.webview.postMessage({ type: "notification", method, params });
  }

  notifyServerState(state: ConnectionState): void {
    const status: ServerStatus = state.kind;
    this.notify("server/status", { status, message: state.kind === "error" ? state.message : null });
  }

  private async onMessage(message: unknown): Promise<void> {
    // The request schemas load with zod on a view's first message, not while the extension activates.
    const { isRequestMessage } = await import("../protocol/webview-requests.js");
    if (!isRequestMessage(message)) {
      this.log.appendLine(`[${this.view}] ignored a malformed webview message`);
      return;
    }
    let response: ResponseMessage;
    try {
      response = { type: "response", id: message.id, ok: true, result: await handleRequest(this.handlers, message.method, message.params) };
    } catch (error) {
      const text = errorMessage(error);
      this.log.appendLine(`[${this.view}] ${message.method} failed: ${text}`);
      response = { type: "response", id: message.id, ok: false, error: text };
    }
    await this.webviewView?.webview.postMessage(response);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
