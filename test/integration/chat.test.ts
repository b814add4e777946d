import assert from "node:assert/strict";
import * as vscode from "vscode";
import type { CoachApi } from "../../extension/src/extension.js";

const EXTENSION_ID = "digital-twin-coach.digital-twin-interview-coach";
const PARTICIPANT_ID = "interviewCoach.coach";

const ANSWER =
  "In 2023 at Ledgerly our payouts API timed out during peak hours. My goal was to fix it before Black Friday. I profiled the service, I found a missing index, and I rolled out the fix behind a flag. As a result, p99 latency fell from 1.8 s to 320 ms and timeouts dropped by 95%.";

async function activated(): Promise<CoachApi> {
  const extension = vscode.extensions.getExtension<CoachApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  await api.connection.start();
  return api;
}

/** A ChatResponseStream that keeps what the participant streamed, in order, as the chat view would render it. */
class RecordingStream implements vscode.ChatResponseStream {
  readonly parts: vscode.ChatResponsePart[] = [];
  readonly progressMessages: string[] = [];
  markdown(value: string | vscode.MarkdownString): void {
    this.parts.push(new vscode.ChatResponseMarkdownPart(value));
  }
  anchor(value: vscode.Uri | vscode.Location, title?: string): void {
    this.parts.push(new vscode.ChatResponseAnchorPart(value, title));
  }
  button(command: vscode.Command): void {
    this.parts.push(new vscode.ChatResponseCommandButtonPart(command));
  }
  filetree(value: vscode.ChatResponseFileTree[], baseUri: vscode.Uri): void {
    this.parts.push(new vscode.ChatResponseFileTreePart(value, baseUri));
  }
  progress(value: string): void {
    this.progressMessages.push(value);
  }
  reference(value: vscode.Uri | vscode.Location): void {
    this.parts.push(new vscode.ChatResponseReferencePart(value));
  }
  push(part: vscode.ChatResponsePart): void {
    this.parts.push(part);
  }
  /** The Markdown streamed, joined: what the person reads. */
  get text(): string {
    return this.parts.map((p) => (p instanceof vscode.ChatResponseMarkdownPart ? p.value.value : "")).join("");
  }
  get buttons(): vscode.Command[] {
    return this.parts.filter((p) => p instanceof vscode.ChatResponseCommandButtonPart).map((p) => p.value);
  }
  /** The parts VS Code keeps in the chat's history. */
  get historyParts(): (vscode.ChatResponseMarkdownPart | vscode.ChatResponseCommandButtonPart)[] {
    return this.parts.filter((p) => p instanceof vscode.ChatResponseMarkdownPart || p instanceof vscode.ChatResponseCommandButtonPart);
  }
}

// VS Code's own turn classes: their constructors are hidden from the typings but are what the chat view passes in history.
const RequestTurn = vscode.ChatRequestTurn as unknown as new (
  prompt: string,
  command: string | undefined,
  references: [],
  participant: string,
  toolReferences: [],
) => vscode.ChatRequestTurn;
const ResponseTurn = vscode.ChatResponseTurn as unknown as new (
  response: (vscode.ChatResponseMarkdownPart | vscode.ChatResponseCommandButtonPart)[],
  result: vscode.ChatResult,
  participant: string,
  command?: string,
) => vscode.ChatResponseTurn;

/** A language model whose every request fails, as one does when its quota runs out or the network drops. */
const failingModel = {
  id: "failing",
  name: "Failing Model",
  vendor: "tests",
  family: "failing",
  version: "1",
  maxInputTokens: 100_000,
  countTokens: async () => 0,
  sendRequest: async () => {
    throw new Error("the model's quota is used up");
  },
} as unknown as vscode.LanguageModelChat;

/** A language model that answers every request with `reply`. */
function replyingModel(reply: string): vscode.LanguageModelChat {
  return {
    ...failingModel,
    id: "replying",
    name: "Replying Model",
    sendRequest: async () => ({
      text: (async function* () {
        yield reply;
      })(),
      stream: (async function* () {})(),
    }),
  } as unknown as vscode.LanguageModelChat;
}

interface Turn {
  command: string | undefined;
  prompt: string;
  model?: vscode.LanguageModelChat;
}

/** One request to the participant's handler, as the chat view would send it after `history`. */
async function ask(api: CoachApi, turn: Turn, history: (vscode.ChatRequestTurn | vscode.ChatResponseTurn)[] = []) {
  const stream = new RecordingStream();
  const request = {
    prompt: turn.prompt,
    command: turn.command,
    references: [],
    toolReferences: [],
    toolInvocationToken: undefined,
    model: turn.model,
  } as unknown as vscode.ChatRequest;
  const tokens = new vscode.CancellationTokenSource();
  const result = (await api.chat.participant.requestHandler(request, { history }, stream, tokens.token)) as vscode.ChatResult;
  tokens.dispose();
  const turns = [
    ...history,
    new RequestTurn(turn.prompt, turn.command, [], PARTICIPANT_ID, []),
    new ResponseTurn(stream.historyParts, result, PARTICIPANT_ID, turn.command),
  ];
  return { stream, result, turns };
}

/** Registered by the bundled entry once mocha's globals exist. */
export function chatTests(): void {
  describe("@coach chat participant", () => {
    it("is contributed as the sticky participant @coach with its four commands, and registered on activation", async () => {
      const api = await activated();
      const contributed = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.chatParticipants as {
        id: string;
        name: string;
        isSticky: boolean;
        commands: { name: string }[];
      }[];
      assert.deepEqual(
        contributed.map((p) => [p.id, p.name, p.isSticky, p.commands.map((c) => c.name)]),
        [[PARTICIPANT_ID, "coach", true, ["practice", "ab", "report", "next"]]],
      );
      assert.equal(api.chat.participant.id, PARTICIPANT_ID);
    });

    it("/practice asks the next question, scores the next message with the rubric and records it when rated, without a model", async () => {
      const api = await activated();
      const first = await ask(api, { command: "practice", prompt: "" });
      const due = await api.connection.callTool("practice_question");
      assert.equal(first.result.metadata?.kind, "asked");
      assert.ok(first.stream.text.includes(due.question.lookFor.replace(/([\\`*_[\]<>#|])/g, "\\$1")), first.stream.text);
      assert.match(first.stream.text, /Plain wording: no language model is selected/);

      const before = await api.connection.callTool("export_data");
      const second = await ask(api, { command: undefined, prompt: ANSWER, model: failingModel }, first.turns);
      const evaluation = await api.connection.callTool("evaluate_response", {
        question: due.question.text,
        response: ANSWER,
        questionId: due.question.id,
        category: due.question.category,
      });
      assert.equal(second.result.metadata?.kind, "scored");
      assert.ok(second.stream.text.includes(`Rubric score: ${evaluation.overall}/100 (${evaluation.band})`), second.stream.text);
      assert.match(second.stream.text, /Plain wording: the language model did not answer \(the model's quota is used up\)/);
      assert.deepEqual((await api.connection.callTool("export_data")).performance.length, before.performance.length, "scoring alone records nothing");

      const ratings = second.stream.buttons;
      assert.equal(ratings.length, 5);
      const four = ratings.find((b) => b.title.startsWith("4"))!;
      const recorded = await vscode.commands.executeCommand<{ recordId: number; card: { questionId: string } | null } | null>(
        four.command,
        ...(four.arguments ?? []),
      );
      assert.ok(recorded, "the rating recorded the practice");
      assert.equal(recorded.card?.questionId, due.question.id);
      const after = await api.connection.callTool("export_data");
      assert.equal(after.performance.length, before.performance.length + 1);
      const last = after.performance.at(-1)!;
      assert.deepEqual([last.accuracy, last.satisfaction, last.question_id], [evaluation.overall / 100, 4, due.question.id]);

      assert.equal(await vscode.commands.executeCommand(four.command, ...(four.arguments ?? [])), null, "a second click does not count twice");
      assert.equal((await api.connection.callTool("export_data")).performance.length, after.performance.length);
    });

    it("a model's wording leads the reply, and wording with a number in it is not used", async () => {
      const api = await activated();
      const worded = await ask(api, { command: "report", prompt: "", model: replyingModel("Nice steady work this week; keep the streak going.") });
      assert.ok(worded.stream.text.startsWith("Nice steady work this week; keep the streak going."), worded.stream.text);
      assert.doesNotMatch(worded.stream.text, /Plain wording/);
      const report = await api.connection.callTool("get_analytics_report", { period: "weekly" });
      if (!report.current.empty) assert.ok(worded.stream.text.includes(`| Attempts | ${report.current.attempts}`), worded.stream.text);

      const numbered = await ask(api, { command: "report", prompt: "", model: replyingModel("You scored 99 this week!") });
      assert.doesNotMatch(numbered.stream.text, /scored 99/);
      assert.match(numbered.stream.text, /Plain wording: Replying Model's wording had a number in it/);
    });

    it("/ab runs a trial on a question and its button opens both answers in the diff editor", async () => {
      const api = await activated();
      const question = "Tell me about a time you had to win over a sceptical stakeholder.";
      const before = await api.connection.callTool("export_data");
      const { stream, result } = await ask(api, { command: "ab", prompt: question });
      assert.equal(result.metadata?.kind, "ab");
      const after = await api.connection.callTool("export_data");
      assert.equal(after.trials.length, before.trials.length + 1, "the trial is recorded");
      assert.match(stream.text, /\| star-focused \(control\) \| \d+ \|/);
      const open = stream.buttons.find((b) => b.command === "interviewCoach.chat.openComparison")!;
      assert.ok(
        stream.buttons.some((b) => b.command === "interviewCoach.compareStrategies"),
        "the compare command is offered too",
      );
      assert.equal(await vscode.commands.executeCommand(open.command, ...(open.arguments ?? [])), true);
      assert.equal(vscode.window.activeTextEditor?.document.uri.scheme, "interview-coach-draft");
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    });

    it("a bad period is refused naming the rule, and records nothing", async () => {
      const api = await activated();
      const before = await api.connection.callTool("export_data");
      const { stream, result } = await ask(api, { command: "report", prompt: "yearly" });
      assert.equal(result.metadata?.kind, "error");
      assert.match(stream.text, /period must be "daily", "weekly" or "monthly", not "yearly"/);
      const after = await api.connection.callTool("export_data");
      assert.deepEqual([after.performance.length, after.trials.length], [before.performance.length, before.trials.length]);
    });

    it("offers followups after a scored answer: the next question and the report", async () => {
      const api = await activated();
      const tokens = new vscode.CancellationTokenSource();
      const followups = await api.chat.participant.followupProvider!.provideFollowups({ metadata: { kind: "scored" } }, { history: [] }, tokens.token);
      assert.deepEqual(
        followups?.map((f) => f.command),
        ["practice", "report"],
      );
    });
  });
}
