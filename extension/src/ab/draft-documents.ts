import * as vscode from "vscode";

export const DRAFT_SCHEME = "interview-coach-draft";

/** Read-only documents holding drafted answers, addressed by trial key and side. */
export class DraftDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(DRAFT_SCHEME, this);

  /** A URI whose last path segment names the strategy, so the diff tabs read as titles. */
  put(key: string, side: "left" | "right", strategyName: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DRAFT_SCHEME, path: `/${key}/${side}/${strategyName}.md` });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? "This draft is no longer available: run the comparison again.";
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}
