import * as vscode from "vscode";

export interface EvaluationView {
  overall: number;
  band: string;
  dimensions: Record<string, number>;
  competencies: string[];
  starSpans: { start: number; end: number; elements: ("situation" | "task" | "action" | "result")[] }[];
  recognisedStories: { storyId: string; title: string; overlap: number }[];
  feedback: { kind: "strength" | "improve"; dimension: string; message: string; quote: string | null }[];
}

const STAR_STYLE = {
  situation: { letter: "S", color: "charts.blue", name: "Situation" },
  task: { letter: "T", color: "charts.yellow", name: "Task" },
  action: { letter: "A", color: "charts.green", name: "Action" },
  result: { letter: "R", color: "charts.purple", name: "Result" },
} as const;

/** Marks each sentence with its STAR parts and lists the rubric's feedback as problems on the words they quote. */
export class PracticeFeedback implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection("interviewCoach");
  private readonly decorations = Object.fromEntries(
    Object.entries(STAR_STYLE).map(([element, style]) => [
      element,
      vscode.window.createTextEditorDecorationType({
        before: { contentText: style.letter, color: new vscode.ThemeColor(style.color), fontWeight: "bold", margin: "0 4px 0 0" },
        overviewRulerColor: new vscode.ThemeColor(style.color),
        overviewRulerLane: vscode.OverviewRulerLane.Left,
      }),
    ]),
  ) as Record<keyof typeof STAR_STYLE, vscode.TextEditorDecorationType>;

  show(editor: vscode.TextEditor, answerOffset: number, answer: string, evaluation: EvaluationView): void {
    const doc = editor.document;
    const range = (start: number, end: number) => new vscode.Range(doc.positionAt(answerOffset + start), doc.positionAt(answerOffset + end));
    for (const element of Object.keys(STAR_STYLE) as (keyof typeof STAR_STYLE)[]) {
      const spans = evaluation.starSpans.filter((s) => s.elements.includes(element));
      editor.setDecorations(
        this.decorations[element],
        spans.map((s) => ({ range: range(s.start, s.end), hoverMessage: `${STAR_STYLE[element].name} (STAR)` })),
      );
    }
    const firstLine = range(0, Math.max(0, answer.indexOf("\n") === -1 ? answer.length : answer.indexOf("\n")));
    this.diagnostics.set(
      doc.uri,
      evaluation.feedback.map((line) => {
        // Quotes are excerpts with spaces folded; one that spans a line break falls back to the answer's first line.
        const quoted = line.quote?.replace(/^…|…$/g, "").trim() ?? "";
        const index = quoted ? answer.indexOf(quoted) : -1;
        const where = index >= 0 ? range(index, index + quoted.length) : firstLine;
        const diagnostic = new vscode.Diagnostic(
          where,
          `${line.dimension}: ${line.message}`,
          line.kind === "improve" ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information,
        );
        diagnostic.source = "Interview Coach rubric";
        return diagnostic;
      }),
    );
  }

  clear(uri: vscode.Uri): void {
    this.diagnostics.delete(uri);
  }

  dispose(): void {
    this.diagnostics.dispose();
    for (const decoration of Object.values(this.decorations)) decoration.dispose();
  }
}
