import * as vscode from "vscode";
import { reportError } from "../commands.js";
import type { ServerConnection } from "../mcp/server-connection.js";
import type { JobFit, JobFitState } from "../protocol/webview-protocol.js";
import type { DataChange } from "../walkthrough.js";

export const ANALYZE_JOB_COMMAND = "interviewCoach.analyzeJobDescription";

/** A script or test may pass the posting and its title instead of being asked. */
export interface AnalyzeOptions {
  text?: string;
  role?: string;
  company?: string;
}

interface Analysed {
  fit: JobFit;
  text: string;
}

/** A short first line of a posting is usually its title. */
function titleOf(text: string): string {
  const first =
    text
      .split(/\r?\n/)
      .find((line) => line.trim())
      ?.replace(/^#+\s*/, "")
      .trim() ?? "";
  return first.length <= 100 && !/[.!?]$/.test(first) ? first.replace(/\s+[—–-]\s+.*$/, "") : "";
}

/**
 * Analyze Job Description on the active editor (its selection, else the whole document), and the
 * Job Fit view's requests: the latest analysis, and saving it as the target role or clearing it.
 */
export class JobFitController implements vscode.Disposable {
  private latest: Analysed | null = null;
  private readonly command: vscode.Disposable;

  constructor(
    private readonly connection: () => ServerConnection,
    private readonly log: vscode.OutputChannel,
    private readonly changed: (reason: DataChange) => void,
  ) {
    this.command = vscode.commands.registerCommand(ANALYZE_JOB_COMMAND, (options?: AnalyzeOptions) => this.analyze(options));
  }

  async analyze(options: AnalyzeOptions = {}): Promise<JobFit | null> {
    const editor = vscode.window.activeTextEditor;
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : editor?.document.getText();
    const text = (options.text ?? selected ?? "").trim();
    if (!text) {
      void vscode.window.showWarningMessage(
        "Interview Coach: open or paste a job description in an editor (or select part of one), then run Analyze Job Description.",
      );
      return null;
    }
    const role =
      options.role ??
      (await vscode.window.showInputBox({
        title: "Analyze Job Description",
        prompt: "The job title (its level counts as a requirement); leave empty to skip",
        value: titleOf(text),
      }));
    if (role === undefined) return null;
    const company = options.company ?? (await vscode.window.showInputBox({ title: "Analyze Job Description", prompt: "The company (optional)" }));
    if (company === undefined) return null;
    try {
      const fit = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: "Interview Coach: reading the job description against your twin…" },
        () =>
          this.connection().callTool("analyze_job_fit", {
            jobDescription: text,
            ...(role.trim() ? { role: role.trim() } : {}),
            ...(company.trim() ? { company: company.trim() } : {}),
          }),
      );
      this.latest = { fit, text };
      this.changed("job analysed");
      await vscode.commands.executeCommand("interviewCoach.jobFit.focus");
      return fit;
    } catch (error) {
      await reportError("analyse the job description", error, this.log);
      return null;
    }
  }

  /** This window's latest analysis, else the saved target role. */
  async state(): Promise<JobFitState> {
    const { target } = await this.connection().callTool("get_target_role");
    if (this.latest) {
      const saved = target !== null && target.role === this.latest.fit.role && target.company === this.latest.fit.company && target.fit === this.latest.fit.fit;
      return { analysis: this.latest.fit, saved, savedAt: saved ? target!.savedAt : null };
    }
    return target ? { analysis: target, saved: true, savedAt: target.savedAt } : { analysis: null, saved: false, savedAt: null };
  }

  async saveTarget(): Promise<JobFitState> {
    if (!this.latest) throw new Error("Analyse a job description first; then it can be saved as your target role.");
    const { fit, text } = this.latest;
    await this.connection().callTool("set_target_role", {
      jobDescription: text,
      ...(fit.role ? { role: fit.role } : {}),
      ...(fit.company ? { company: fit.company } : {}),
    });
    this.changed("target role changed");
    return this.state();
  }

  async clearTarget(): Promise<JobFitState> {
    const answer = await vscode.window.showWarningMessage(
      "Remove your target role? Practice and recommendations will stop favouring it.",
      { modal: true },
      "Remove",
    );
    if (answer === "Remove") {
      await this.connection().callTool("set_target_role", { clear: true });
      this.changed("target role changed");
    }
    return this.state();
  }

  dispose(): void {
    this.command.dispose();
  }
}
