import * as vscode from "vscode";
import type { CompareController } from "../ab/compare-controller.js";
import type { ServerConnection } from "../mcp/server-connection.js";
import { CHAT_COMMANDS } from "./chat-commands.js";
import type { CoachConversation } from "./coach-conversation.js";

export const PARTICIPANT_ID = "interviewCoach.coach";

/** The @coach chat participant: the MCP server's tools behind /practice, /ab, /report and /next. */
export class CoachChat implements vscode.Disposable {
  readonly participant: vscode.ChatParticipant;
  private readonly disposables: vscode.Disposable[];
  private conversation: Promise<CoachConversation> | null = null;

  constructor(
    private readonly connection: () => ServerConnection,
    private readonly compare: () => CompareController,
    private readonly log: vscode.LogOutputChannel,
    private readonly onRecorded: () => void,
  ) {
    this.participant = vscode.chat.createChatParticipant(PARTICIPANT_ID, async (request, context, stream, token) =>
      (await this.turns()).handle(request, context, stream, token),
    );
    this.participant.iconPath = new vscode.ThemeIcon("mortar-board");
    this.participant.followupProvider = { provideFollowups: async (result) => (await this.turns()).followups(result) };
    this.disposables = [
      this.participant,
      vscode.commands.registerCommand(CHAT_COMMANDS.recordPractice, async (rated: unknown) => (await this.turns()).recordPractice(rated)),
      vscode.commands.registerCommand(CHAT_COMMANDS.openComparison, async (comparison: unknown) => (await this.turns()).openComparison(comparison)),
    ];
  }

  private turns(): Promise<CoachConversation> {
    this.conversation ??= import("./coach-conversation.js").then(
      ({ CoachConversation }) => new CoachConversation(this.connection, this.compare, this.log, this.onRecorded),
    );
    return this.conversation;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
