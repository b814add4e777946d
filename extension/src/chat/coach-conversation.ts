import * as vscode from "vscode";
import { errorMessage } from "#contracts/plain.js";
import type { ToolResult } from "#contracts/tools.js";
import type { CompareController } from "../ab/compare-controller.js";
import type { ServerConnection } from "../mcp/server-connection.js";
import { announce } from "../milestone-notice.js";
import { practiceRecord } from "../practice/practice-record.js";
import { REQUEST_PARAMS } from "../protocol/webview-requests.js";
import { readSettings } from "../settings.js";
import {
  abReply,
  askedReply,
  errorReply,
  helpReply,
  nextReply,
  plainWordingNote,
  recordedMessage,
  reportReply,
  scoredReply,
  type ChatPart,
  type CoachReply,
} from "./chat-replies.js";
import { followupsFor, intentOf, ratedAnswerSchema, secondsBetween, type CoachMetadata, type Intent, type Turn } from "./chat-turns.js";
import { wordWithModel } from "./chat-wording.js";

/** A checked argument's first problem, naming the field and the rule. */
function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, what: string): string {
  const issue = error.issues[0];
  return `${what}: ${issue?.path.map(String).join(".") || "the argument"} ${issue?.message ?? "is not valid"}.`;
}

function turnOf(turn: vscode.ChatRequestTurn | vscode.ChatResponseTurn): Turn {
  return turn instanceof vscode.ChatRequestTurn
    ? { kind: "request", command: turn.command, prompt: turn.prompt }
    : { kind: "response", metadata: turn.result.metadata };
}

/**
 * What @coach does with a request, a rating button or a comparison: loaded on the first of them, with
 * the chat's schemas, so activating the extension does not load zod.
 */
export class CoachConversation {
  /** Chat answers already recorded, by when their question was asked, so a second click on a rating does not count twice. */
  private readonly recorded = new Set<string>();

  constructor(
    private readonly connection: () => ServerConnection,
    private readonly compare: () => CompareController,
    private readonly log: vscode.LogOutputChannel,
    private readonly onRecorded: () => void,
  ) {}

  followups(result: vscode.ChatResult): vscode.ChatFollowup[] {
    return followupsFor(result.metadata as CoachMetadata | undefined).map((f) => ({ label: f.label, prompt: f.prompt, command: f.command }));
  }

  async handle(
    request: vscode.ChatRequest,
    context: vscode.ChatContext,
    stream: vscode.ChatResponseStream,
    token: vscode.CancellationToken,
  ): Promise<vscode.ChatResult> {
    const history = context.history.filter((t) => t instanceof vscode.ChatRequestTurn || t instanceof vscode.ChatResponseTurn).map(turnOf);
    const intent = intentOf(request.command, request.prompt, history);
    let reply: CoachReply;
    try {
      reply = await this.reply(intent, stream);
    } catch (error) {
      this.log.warn(`[chat] ${errorMessage(error)}`);
      reply = errorReply(`The coach could not answer: ${errorMessage(error)}`);
    }
    if (token.isCancellationRequested) return { metadata: reply.metadata };
    if (reply.metadata.kind === "error") {
      this.stream(stream, reply.parts);
      return { metadata: reply.metadata };
    }
    stream.progress("Wording the reply…");
    const wording = await wordWithModel(
      request.model as vscode.LanguageModelChat | undefined,
      reply.gist,
      intent.kind === "answer" ? "" : request.prompt,
      token,
    );
    if (wording.kind === "model") stream.markdown(`${wording.text}\n\n`);
    this.stream(stream, reply.parts);
    if (wording.kind === "plain") this.stream(stream, [plainWordingNote(wording.reason)]);
    return { metadata: reply.metadata };
  }

  private async reply(intent: Intent, stream: vscode.ChatResponseStream): Promise<CoachReply> {
    const connection = this.connection();
    switch (intent.kind) {
      case "ask": {
        stream.progress("Picking your next question…");
        const picked = await connection.callTool("practice_question", intent.category ? { category: intent.category } : {});
        return askedReply(picked, new Date().toISOString());
      }
      case "answer": {
        const responseTime = secondsBetween(intent.asked.askedAt, Date.now());
        stream.progress("Scoring your answer with the rubric…");
        const evaluation = await this.evaluate(intent.asked, intent.answer);
        return scoredReply(intent.asked, intent.answer, evaluation, responseTime);
      }
      case "ab": {
        const question = intent.question ? { question: intent.question } : await this.nextQuestion();
        const settings = readSettings();
        stream.progress(`Drafting and judging ${settings.defaultControlStrategy} against ${settings.defaultTestStrategy}…`);
        return abReply(
          await connection.callTool("run_ab_test", {
            ...question,
            controlVariantId: settings.defaultControlStrategy,
            testVariantId: settings.defaultTestStrategy,
          }),
        );
      }
      case "report":
        stream.progress("Reading your practice record…");
        return reportReply(await connection.callTool("get_analytics_report", { period: intent.period }));
      case "next": {
        stream.progress("Ranking your next steps…");
        const [recommendations, milestones] = await Promise.all([
          connection.callTool("get_personalized_recommendations", { limit: 3 }),
          connection.callTool("get_next_milestones", { numberOfMilestones: 3 }),
        ]);
        return nextReply(recommendations, milestones);
      }
      case "help":
        return helpReply();
      case "invalid":
        return errorReply(intent.message);
    }
  }

  private async nextQuestion(): Promise<{ question: string; questionId: string }> {
    const { question } = await this.connection().callTool("practice_question");
    return { question: question.text, questionId: question.id };
  }

  private evaluate(asked: { question: string; questionId: string | null; category: ToolResult<"practice_question">["question"]["category"] }, answer: string) {
    return this.connection().callTool("evaluate_response", {
      question: asked.question,
      response: answer,
      category: asked.category,
      ...(asked.questionId === null ? {} : { questionId: asked.questionId }),
    });
  }

  /** A rating button: the answer is scored again by the (deterministic) rubric and recorded as the practice editor records one. */
  async recordPractice(rated: unknown): Promise<ToolResult<"record_performance"> | null> {
    try {
      const checked = ratedAnswerSchema.safeParse(rated);
      if (!checked.success) throw new Error(firstIssue(checked.error, "The rated answer is not valid"));
      const { asked, answer, responseTime, satisfaction } = checked.data;
      if (this.recorded.has(asked.askedAt)) {
        void vscode.window.showInformationMessage("Interview Coach: this chat answer is already recorded.");
        return null;
      }
      const evaluation = await this.evaluate(asked, answer);
      const recorded = await this.connection().callTool(
        "record_performance",
        practiceRecord({ evaluation, satisfaction, responseTime, category: asked.category, questionId: asked.questionId }),
      );
      this.recorded.add(asked.askedAt);
      this.onRecorded();
      for (const warning of recorded.storyWarnings) void vscode.window.showWarningMessage(`Interview Coach: ${warning.message}`);
      void announce(recordedMessage(evaluation, recorded, responseTime), recorded.unlockedMilestones);
      return recorded;
    } catch (error) {
      this.log.warn(`[chat] ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Interview Coach: could not record the chat answer. ${errorMessage(error)}`);
      return null;
    }
  }

  async openComparison(comparison: unknown): Promise<boolean> {
    const checked = REQUEST_PARAMS["ab/compareInEditor"].safeParse(comparison);
    if (!checked.success) {
      void vscode.window.showErrorMessage(`Interview Coach: ${firstIssue(checked.error, "the comparison is not valid")}`);
      return false;
    }
    return this.compare().openComparison(checked.data);
  }

  private stream(stream: vscode.ChatResponseStream, parts: readonly ChatPart[]): void {
    for (const part of parts) {
      if (part.kind === "markdown") stream.markdown(part.value);
      else stream.button({ title: part.title, command: part.command, arguments: part.arguments });
    }
  }
}
