import { randomBytes } from "node:crypto";
import * as vscode from "vscode";

export type ViewName = "dashboard" | "abRunner" | "recommendations" | "milestones" | "jobFit";

/** Webviews may load only the built webview folder. */
export function webviewRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, "dist", "webview")];
}

/**
 * The page for a view under a strict CSP: nothing by default, scripts only with this render's
 * nonce, styles, fonts and images only from the extension's own webview folder.
 */
export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, view: ViewName, title: string): string {
  const nonce = randomBytes(16).toString("base64");
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, "dist", "webview", file)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${asset("codicon.css")}" id="vscode-codicon-stylesheet">
  <link rel="stylesheet" href="${asset("webview.css")}">
  <title>${title}</title>
</head>
<body>
  <div id="root" data-view="${view}"></div>
  <script type="module" nonce="${nonce}" src="${asset(`${view}.js`)}"></script>
</body>
</html>`;
}
