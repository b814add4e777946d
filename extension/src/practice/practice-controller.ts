import { mkdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { reportError } from "../commands.js";
import type { ServerConnection, ServerLaunch } from "../mcp/server-connection.js";
import { announce } from "../milestone-notice.js";
import { CATEGORIES, errorMessage, isCategory, type Category } from "#contracts/plain.js";
import type { ModelJudgeOutcome } from "#contracts/model-judge.js";
import { readSettings } from "../settings.js";
import { firstAvailableModel, gradeWithModel, judgeDetails, judgeLensTitle, type ModelSource } from "./model-judge.js";
import { PracticeFeedback, type EvaluationView } from "./practice-feedback.js";
import { answerFileName, parsePracticeDocument, practiceDocument } from "./practice-document.js";
import { practiceRecord, SATISFACTION } from "./practice-record.js";

/** A category from outside the server (a command's argument, an answer file's marker), checked before it is practised under. */
function knownCategory(category: string | null, what: string): Category {
  if (category === null || !isCategory(category)) throw new Error(`${what} "${category ?? ""}" is not one of: ${CATEGORIES.join(", ")}.`);
  return category;
}

export const PRACTICE_COMMANDS = {
  start: "interviewCoach.startPractice",
  submit: "interviewCoach.submitAnswer",
  judgeDetails: "interviewCoach.showJudgeDetails",
} as const;

interface Judged {
  rubric: EvaluationView;
  outcome: ModelJudgeOutcome;
}

interface Question {
  /** Null for a question generated from a job posting. */
  id: string | null;
  text: string;
  category: Category;
  lookFor: string;
}

/** A question from the Job Fit practice set that is not in the bank: practised and recorded under its category. */
export interface GeneratedPractice {
  question: string;
  category: string;
  lookFor: string;
}

/** A keybinding or script may pass the 1–5 rating instead of being asked. */
interface SubmitOptions {
  satisfaction?: number;
}

interface Session {
  questionId: string | null;
  category: Category;
  startedAt: number;
}

/** Start Practice → answer in an editor with a timer → Submit: scored, rated, recorded, rescheduled. */
export class PracticeController implements vscode.Disposable, vscode.CodeLensProvider {
  private readonly sessions = new Map<string, Session>();
  private readonly timer = vscode.window.createStatusBarItem("interviewCoach.practiceTimer", vscode.StatusBarAlignment.Left, 49);
  private readonly feedback = new PracticeFeedback();
  private tick: NodeJS.Timeout | null = null;
  private readonly disposables: vscode.Disposable[];
  /** The model judge's last grade of each answer file, shown above the answer. */
  private readonly judged = new Map<string, Judged>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  /** Where the model judge finds its model. */
  modelSource: ModelSource = firstAvailableModel;
  /** The last failure the person was shown, for the integration tests to read. */
  lastError: { action: string; message: string } | null = null;

  constructor(
    private readonly connection: () => ServerConnection,
    private readonly launch: () => ServerLaunch,
    private readonly log: vscode.LogOutputChannel,
    private readonly onRecorded: () => void,
  ) {
    this.timer.name = "Interview Coach Practice Timer";
    this.timer.command = PRACTICE_COMMANDS.submit;
    this.disposables = [
      vscode.commands.registerCommand(PRACTICE_COMMANDS.start, (question?: string | GeneratedPractice) => this.start(question)),
      vscode.commands.registerCommand(PRACTICE_COMMANDS.submit, (options?: SubmitOptions) => this.submit(options)),
      vscode.commands.registerCommand(PRACTICE_COMMANDS.judgeDetails, (uri?: vscode.Uri) => this.showJudgeDetails(uri)),
      vscode.languages.registerCodeLensProvider({ language: "markdown", scheme: "file" }, this),
      vscode.window.onDidChangeActiveTextEditor(() => this.renderTimer()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!parsePracticeDocument(document.getText())) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, { title: "$(check) Submit Answer", command: PRACTICE_COMMANDS.submit, tooltip: "Score this answer and record the practice" }),
    ];
    const judged = this.judged.get(document.uri.fsPath);
    if (judged) {
      const title = judgeLensTitle(judged.rubric.overall, judged.outcome);
      const tooltip = judged.outcome.status === "graded" ? judged.outcome.summary : judged.outcome.reason;
      lenses.push(new vscode.CodeLens(top, { title, command: PRACTICE_COMMANDS.judgeDetails, arguments: [document.uri], tooltip }));
    }
    return lenses;
  }

  /** A bank question by id, a generated question, or (with neither) the next one due. */
  async start(from?: string | GeneratedPractice): Promise<boolean> {
    try {
      const { question, suggestedStoryIds } =
        typeof from === "string"
          ? { question: await this.findQuestion(from), suggestedStoryIds: [] as string[] }
          : from
            ? {
                question: { id: null, text: from.question, category: knownCategory(from.category, "the practice's category"), lookFor: from.lookFor },
                suggestedStoryIds: [] as string[],
              }
            : await this.connection().callTool("practice_question");
      const folder = path.join(this.launch().dataDir, "answers");
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, answerFileName(question.id, new Date(), question.text));
      const category = question.category.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
      writeFileSync(
        file,
        practiceDocument({
          questionId: question.id,
          question: question.text,
          categoryId: question.category,
          category,
          lookFor: question.lookFor,
          suggestedStories: suggestedStoryIds,
        }),
      );
      const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
      const end = editor.document.positionAt(editor.document.getText().length);
      editor.selection = new vscode.Selection(end, end);
      this.sessions.set(file, { questionId: question.id, category: question.category, startedAt: Date.now() });
      this.renderTimer();
      return true;
    } catch (error) {
      return this.failed("start a practice", error);
    }
  }

  async submit(options: SubmitOptions = {}): Promise<boolean> {
    const editor = vscode.window.activeTextEditor;
    const parsed = editor && parsePracticeDocument(editor.document.getText());
    if (!editor || !parsed || (!parsed.questionId && !parsed.category)) {
      void vscode.window.showWarningMessage('Interview Coach: open a practice answer first ("Interview Coach: Start Practice").');
      return false;
    }
    if (!parsed.answer) {
      void vscode.window.showWarningMessage("Interview Coach: write your answer below the line first.");
      return false;
    }
    const file = editor.document.uri.fsPath;
    try {
      await editor.document.save();
      const session = this.sessions.get(file) ?? (await this.sessionFromFile(file, parsed.questionId, parsed.category));
      const asked = session.questionId === null ? {} : { questionId: session.questionId };
      const evaluation = await this.connection().callTool("evaluate_response", {
        question: parsed.question,
        response: parsed.answer,
        ...asked,
        category: session.category,
      });
      this.feedback.show(editor, parsed.answerOffset, parsed.answer, evaluation);
      const judgement = readSettings().modelJudge ? await this.judge(file, parsed.question, parsed.answer, evaluation) : null;
      const beside = judgement?.status === "graded" ? `; ${judgement.judge} ${judgement.overall}${judgement.disagreement ? " (disagrees)" : ""}` : "";
      const given = SATISFACTION.find((s) => s.value === options.satisfaction);
      const rating =
        given ??
        (await vscode.window.showQuickPick(SATISFACTION, {
          title: `Scored ${evaluation.overall} (${evaluation.band})${beside}. How did the answer feel?`,
          ignoreFocusOut: true,
        }));
      if (!rating) {
        void vscode.window.showInformationMessage("Interview Coach: scored but not recorded (no rating given). Submit again to record it.");
        return false;
      }
      const responseTime = Math.round((Date.now() - session.startedAt) / 1000);
      const recorded = await this.connection().callTool(
        "record_performance",
        practiceRecord({
          evaluation,
          satisfaction: rating.value,
          responseTime,
          category: session.category,
          questionId: session.questionId,
          ...(judgement?.status === "graded" ? { modelJudge: { judge: judgement.judge, overall: judgement.overall } } : {}),
        }),
      );
      this.sessions.delete(file);
      this.renderTimer();
      this.onRecorded();
      const due = recorded.card ? ` Next review ${new Date(recorded.card.due).toLocaleDateString()}.` : "";
      for (const warning of recorded.storyWarnings) void vscode.window.showWarningMessage(`Interview Coach: ${warning.message}`);
      // Not awaited: the command finishes when the practice is recorded, not when the toast is dismissed.
      void announce(`recorded ${evaluation.overall}/100 in ${responseTime} s.${due}`, recorded.unlockedMilestones, "Show Feedback", "Next Question").then(
        async (choice) => {
          if (choice === "Show Feedback") await vscode.commands.executeCommand("workbench.actions.view.problems");
          if (choice === "Next Question") await this.start();
        },
      );
      return true;
    } catch (error) {
      return this.failed("submit the answer", error);
    }
  }

  /** Shown, not awaited: the command ends when it fails, not when the person closes the notification. */
  private failed(action: string, error: unknown): false {
    this.lastError = { action, message: errorMessage(error) };
    void reportError(action, error, this.log);
    return false;
  }

  /** The model judge's grade beside the rubric's, shown above the answer; never replaces the rubric's score. */
  private async judge(file: string, question: string, answer: string, rubric: EvaluationView): Promise<ModelJudgeOutcome> {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Interview Coach: asking a language model to grade beside the rubric…", cancellable: true },
      (_progress, token) => gradeWithModel(this.modelSource, { question, answer, competencies: rubric.competencies, rubricOverall: rubric.overall }, token),
    );
    this.judged.set(file, { rubric, outcome });
    this.lensesChanged.fire();
    if (outcome.status !== "graded") this.log.warn(`Model judge: ${outcome.reason}`);
    return outcome;
  }

  private async showJudgeDetails(uri = vscode.window.activeTextEditor?.document.uri): Promise<void> {
    const judged = uri && this.judged.get(uri.fsPath);
    if (!judged) {
      void vscode.window.showInformationMessage(
        "Interview Coach: no model judge grade for this answer. Turn on the Model Judge setting and submit the answer.",
      );
      return;
    }
    const document = await vscode.workspace.openTextDocument({ language: "markdown", content: judgeDetails(judged.rubric, judged.outcome) });
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }

  /** An answer file reopened after a restart: its timer starts from when the file was created. */
  private async sessionFromFile(file: string, questionId: string | null, category: string | null): Promise<Session> {
    const stat = statSync(file);
    const startedAt = stat.birthtimeMs || stat.ctimeMs;
    if (questionId === null) return { questionId, category: knownCategory(category, "the answer file's category"), startedAt };
    return { questionId, category: (await this.findQuestion(questionId)).category, startedAt };
  }

  private async findQuestion(questionId: string): Promise<Question> {
    const { questions } = await this.connection().callTool("list_questions");
    const question = questions.find((q) => q.id === questionId);
    if (!question) throw new Error(`The question bank has no question "${questionId}".`);
    return question;
  }

  private renderTimer(): void {
    const file = vscode.window.activeTextEditor?.document.uri.fsPath;
    const session = file ? this.sessions.get(file) : undefined;
    if (!session) {
      this.timer.hide();
      if (this.tick) clearInterval(this.tick);
      this.tick = null;
      return;
    }
    const draw = () => {
      const seconds = Math.floor((Date.now() - session.startedAt) / 1000);
      this.timer.text = `$(watch) ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")} · Submit Answer`;
      this.timer.tooltip = "Time on this answer. Click to submit it.";
    };
    draw();
    this.timer.show();
    if (this.tick) clearInterval(this.tick);
    this.tick = setInterval(draw, 1000);
  }

  dispose(): void {
    if (this.tick) clearInterval(this.tick);
    this.timer.dispose();
    this.feedback.dispose();
    this.lensesChanged.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
