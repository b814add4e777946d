import * as vscode from "vscode";
import { reportError } from "../commands.js";
import type { ServerConnection } from "../mcp/server-connection.js";
import { verdictWords, type PairVerdict } from "../protocol/ab-verdict.js";
import type { CompareParams } from "../protocol/webview-protocol.js";
import { announce, type UnlockedMilestone } from "../milestone-notice.js";
import { readSettings } from "../settings.js";
import { DRAFT_SCHEME, DraftDocuments } from "./draft-documents.js";
import { draftBoth, type Strategy } from "./drafting.js";

export const COMPARE_COMMANDS = {
  compare: "interviewCoach.compareStrategies",
  preferLeft: "interviewCoach.preferLeft",
  preferRight: "interviewCoach.preferRight",
  preferTie: "interviewCoach.preferTie",
} as const;

/** Two drafted answers shown side by side: left is the control strategy, right the test. */
export type Comparison = CompareParams;

type VerdictView = PairVerdict & { unlockedMilestones: UnlockedMilestone[] };

/** "Compare Strategies in Editor": drafts both answers into a diff; the person's pick is recorded as a trial. */
export class CompareController implements vscode.Disposable {
  private readonly drafts = new DraftDocuments();
  private readonly open = new Map<string, Comparison>();
  private nextKey = 1;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly connection: () => ServerConnection,
    private readonly log: vscode.OutputChannel,
    private readonly onRecorded: () => void,
  ) {
    this.disposables = [
      vscode.commands.registerCommand(COMPARE_COMMANDS.compare, () => this.pickAndCompare()),
      vscode.commands.registerCommand(COMPARE_COMMANDS.preferLeft, () => this.prefer("control")),
      vscode.commands.registerCommand(COMPARE_COMMANDS.preferRight, () => this.prefer("test")),
      vscode.commands.registerCommand(COMPARE_COMMANDS.preferTie, () => this.prefer("tie")),
    ];
  }

  async openComparison(comparison: Comparison): Promise<boolean> {
    const key = String(this.nextKey++);
    this.open.set(key, comparison);
    const left = this.drafts.put(key, "left", comparison.controlVariantId, comparison.controlResponse);
    const right = this.drafts.put(key, "right", comparison.testVariantId, comparison.testResponse);
    const title = `${comparison.controlVariantId} ↔ ${comparison.testVariantId}: ${comparison.question}`;
    await vscode.commands.executeCommand("vscode.diff", left, right, title, { preview: false });
    return true;
  }

  async pickAndCompare(): Promise<boolean> {
    try {
      const connection = this.connection();
      const picked = await this.pickQuestion(connection);
      if (!picked) return false;
      const { variants } = await connection.callTool("list_variants");
      const settings = readSettings();
      const left = await this.pickStrategy(variants, settings.defaultControlStrategy, "Left (control) strategy");
      const right =
        left &&
        (await this.pickStrategy(
          variants.filter((v) => v.id !== left.id),
          settings.defaultTestStrategy,
          "Right (test) strategy",
        ));
      if (!left || !right) return false;
      const drafts = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: "Drafting both answers…", cancellable: true },
        (_progress, token) => draftBoth(connection, picked.question, left, right, settings.llmDrafting, token),
      );
      void vscode.window.showInformationMessage(
        drafts.source === "llm"
          ? `Drafted by ${drafts.model} with each strategy's prompt.`
          : "Drafted by the template composer from your stories (no language model used).",
      );
      return this.openComparison({
        ...picked,
        controlVariantId: left.id,
        testVariantId: right.id,
        controlResponse: drafts.left,
        testResponse: drafts.right,
        source: drafts.source,
      });
    } catch (error) {
      await reportError("compare strategies", error, this.log);
      return false;
    }
  }

  /** The comparison shown in the active diff, if any. */
  activeComparison(): Comparison | null {
    // The active tab, not the focused text editor: focus may still sit in the webview that opened the diff.
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const uri = input instanceof vscode.TabInputTextDiff ? input.modified : vscode.window.activeTextEditor?.document.uri;
    if (uri?.scheme !== DRAFT_SCHEME) return null;
    return this.open.get(uri.path.split("/")[1] ?? "") ?? null;
  }

  async prefer(preferred: "control" | "test" | "tie"): Promise<VerdictView | null> {
    const comparison = this.activeComparison();
    if (!comparison) {
      void vscode.window.showWarningMessage('Interview Coach: open a comparison first ("Interview Coach: Compare Strategies in Editor").');
      return null;
    }
    try {
      const result = await this.connection().callTool("run_ab_test", {
        question: comparison.question,
        ...(comparison.questionId ? { questionId: comparison.questionId } : {}),
        controlVariantId: comparison.controlVariantId,
        testVariantId: comparison.testVariantId,
        controlResponse: comparison.controlResponse,
        testResponse: comparison.testResponse,
        responseSource: comparison.source,
        preferred,
      });
      this.onRecorded();
      const p = Math.round(result.probabilityTestBetter * 100);
      const words = verdictWords(result, comparison.controlVariantId, comparison.testVariantId);
      const said = `${words.headline}${words.detail ? ` (${words.detail})` : ""}${words.risk ? `; ${words.risk}` : ""}`;
      void announce(
        `preference recorded. Over ${result.tally.trials} trials, P(${comparison.testVariantId} is better) = ${p}%; ${said}.`,
        result.unlockedMilestones,
      );
      return result;
    } catch (error) {
      await reportError("record your preference", error, this.log);
      return null;
    }
  }

  private async pickQuestion(connection: ServerConnection): Promise<{ question: string; questionId?: string } | null> {
    const { questions } = await connection.callTool("list_questions");
    const typed = { label: "$(edit) Type a question…", id: "" };
    const items = [typed, ...questions.map((q) => ({ label: q.text, description: q.category, id: q.id }))];
    const choice = await vscode.window.showQuickPick(items, { title: "Compare strategies: which question?", matchOnDescription: true });
    if (!choice) return null;
    if (choice !== typed) return { question: choice.label, questionId: choice.id };
    const text = await vscode.window.showInputBox({
      title: "Your interview question",
      validateInput: (v) => (v.trim() ? null : "Type the question to answer"),
    });
    return text?.trim() ? { question: text.trim() } : null;
  }

  private async pickStrategy(variants: Strategy[], preferredId: string, title: string): Promise<Strategy | undefined> {
    const ordered = [...variants].sort((a, b) => Number(b.id === preferredId) - Number(a.id === preferredId));
    const choice = await vscode.window.showQuickPick(
      ordered.map((v) => ({ label: v.name, description: v.id === preferredId ? "default" : v.id, variant: v })),
      { title },
    );
    return choice?.variant;
  }

  dispose(): void {
    this.drafts.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
