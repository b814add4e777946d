import assert from "node:assert/strict";
import type { ToolResult } from "../../mcp-server/src/contracts/tools.js";
import { abReply, askedReply, CHAT_COMMANDS, helpReply, nextReply, reportReply, scoredReply, type ChatPart } from "../../extension/src/chat/chat-replies.js";
import {
  followupsFor,
  intentOf,
  pendingQuestion,
  ratedAnswerSchema,
  secondsBetween,
  type AskedQuestion,
  type Turn,
} from "../../extension/src/chat/chat-turns.js";
import { practiceRecord } from "../../extension/src/practice/practice-record.js";
import { REQUEST_PARAMS } from "../../extension/src/protocol/webview-requests.js";
import { startCoach, type Harness } from "../support/in-memory-coach.js";

const ANSWER =
  "In 2023 at Ledgerly our payouts API timed out during peak hours. My goal was to fix it before Black Friday. I profiled the service, I found a missing index, and I rolled out the fix behind a flag. As a result, p99 latency fell from 1.8 s to 320 ms and timeouts dropped by 95%.";

const ASKED: AskedQuestion = {
  questionId: "q-1",
  question: "Tell me about a time you led a team.",
  category: "leadership",
  lookFor: "ownership",
  askedAt: "2026-06-15T12:00:00.000Z",
};
const askedTurn = (asked: unknown = ASKED): Turn => ({ kind: "response", metadata: { kind: "asked", asked } });
const text = (parts: ChatPart[]) => parts.map((p) => (p.kind === "markdown" ? p.value : `[${p.title}]`)).join("");
const buttons = (parts: ChatPart[]) => parts.filter((p): p is Extract<ChatPart, { kind: "button" }> => p.kind === "button");

describe("@coach: reading a request and its history", () => {
  it("/practice asks for the next question, or one in a named category", () => {
    assert.deepEqual(intentOf("practice", "", []), { kind: "ask", category: null });
    assert.deepEqual(intentOf("practice", " Problem solving ", []), { kind: "ask", category: "problem-solving" });
  });

  it("an unknown category, period or command is refused with the rule it broke", () => {
    const category = intentOf("practice", "juggling", []);
    assert.equal(category.kind, "invalid");
    assert.match(category.kind === "invalid" ? category.message : "", /category must be one of: .*leadership.*\(not "juggling"\)/);
    const period = intentOf("report", "yearly", []);
    assert.match(period.kind === "invalid" ? period.message : "", /period must be "daily", "weekly" or "monthly", not "yearly"/);
    assert.match((intentOf("quiz", "", []) as { message: string }).message, /no \/quiz command; it has \/practice, \/ab, \/report, \/next/);
  });

  it("the message right after an asked question is its answer, with or without /practice", () => {
    assert.deepEqual(intentOf(undefined, ` ${ANSWER} `, [{ kind: "request", command: "practice", prompt: "" }, askedTurn()]), {
      kind: "answer",
      asked: ASKED,
      answer: ANSWER,
    });
    assert.deepEqual(intentOf("practice", ANSWER, [askedTurn()]), { kind: "answer", asked: ASKED, answer: ANSWER });
    assert.deepEqual(intentOf("practice", "", [askedTurn()]), { kind: "ask", category: null }, "an empty /practice asks another question");
  });

  it("only the last reply's question is pending, and only when its metadata is well formed", () => {
    const later: Turn[] = [askedTurn(), { kind: "request", command: "report", prompt: "" }, { kind: "response", metadata: { kind: "report" } }];
    assert.equal(pendingQuestion(later), null);
    assert.deepEqual(intentOf(undefined, ANSWER, later), { kind: "help" });
    assert.equal(pendingQuestion([askedTurn({ ...ASKED, category: "juggling" })]), null);
    assert.equal(pendingQuestion([{ kind: "response", metadata: undefined }]), null);
  });

  it("/report reads its period, weekly by default", () => {
    assert.deepEqual(intentOf("report", "", []), { kind: "report", period: "weekly" });
    assert.deepEqual(intentOf("report", "Monthly", []), { kind: "report", period: "monthly" });
  });

  it("response time counts from the question to the answer, never below zero or past a day", () => {
    assert.equal(secondsBetween(ASKED.askedAt, Date.parse(ASKED.askedAt) + 95_400), 95);
    assert.equal(secondsBetween(ASKED.askedAt, Date.parse(ASKED.askedAt) - 5_000), 0);
    assert.equal(secondsBetween(ASKED.askedAt, Date.parse(ASKED.askedAt) + 3 * 86_400_000), 86_400);
  });

  it("offers followups that fit the reply", () => {
    assert.deepEqual(
      followupsFor({ kind: "scored" }).map((f) => f.command),
      ["practice", "report"],
    );
    assert.deepEqual(followupsFor({ kind: "ab", abQuestion: "Why us?" })[0], { label: "Run another trial on this question", prompt: "Why us?", command: "ab" });
    assert.equal(followupsFor(undefined).length, 3);
  });
});

describe("@coach: replies from the server's tool results", () => {
  let coach: Harness;
  beforeEach(async () => {
    coach = await startCoach();
  });
  afterEach(() => coach.close());

  it("asks the question practice_question picks and keeps it in the reply's metadata, where the next turn finds it", async () => {
    const picked = await coach.ok<ToolResult<"practice_question">>("practice_question");
    const reply = askedReply(picked, "2026-06-15T12:00:00.000Z");
    assert.ok(text(reply.parts).includes(picked.question.text.replace(/([\\`*_[\]<>#|])/g, "\\$1")));
    // VS Code keeps the metadata as JSON and gives it back in the history.
    const history: Turn[] = [{ kind: "response", metadata: JSON.parse(JSON.stringify(reply.metadata)) }];
    assert.deepEqual(pendingQuestion(history), {
      questionId: picked.question.id,
      question: picked.question.text,
      category: picked.question.category,
      lookFor: picked.question.lookFor,
      askedAt: "2026-06-15T12:00:00.000Z",
    });
  });

  it("shows the rubric's score and feedback, and each rating button records the practice as the editor does", async () => {
    const picked = await coach.ok<ToolResult<"practice_question">>("practice_question");
    const asked = askedReply(picked, "2026-06-15T12:00:00.000Z").metadata.asked!;
    const evaluation = await coach.ok<ToolResult<"evaluate_response">>("evaluate_response", {
      question: asked.question,
      response: ANSWER,
      questionId: asked.questionId,
      category: asked.category,
    });
    const reply = scoredReply(asked, ANSWER, evaluation, 95);
    const shown = text(reply.parts);
    assert.ok(shown.includes(`Rubric score: ${evaluation.overall}/100 (${evaluation.band})`), shown);
    for (const [dimension, score] of Object.entries(evaluation.dimensions)) assert.ok(shown.includes(`| ${dimension} | ${score} |`), dimension);
    for (const line of evaluation.feedback) assert.ok(shown.includes(line.dimension));
    const ratings = buttons(reply.parts);
    assert.deepEqual(
      ratings.map((b) => b.command),
      Array(5).fill(CHAT_COMMANDS.recordPractice),
    );
    const rated = ratedAnswerSchema.parse(ratings[1]!.arguments[0]);
    assert.deepEqual([rated.satisfaction, rated.responseTime, rated.answer], [4, 95, ANSWER]);

    const recorded = await coach.ok<ToolResult<"record_performance">>(
      "record_performance",
      practiceRecord({
        evaluation,
        satisfaction: rated.satisfaction,
        responseTime: rated.responseTime,
        category: asked.category,
        questionId: asked.questionId,
      }),
    );
    assert.equal(recorded.card?.questionId, asked.questionId);
    const exported = await coach.ok<{ performance: { accuracy: number; satisfaction: number; response_time: number; question_id: string }[] }>("export_data");
    const last = exported.performance.at(-1)!;
    assert.deepEqual([last.accuracy, last.satisfaction, last.question_id], [evaluation.overall / 100, 4, asked.questionId]);
  });

  it("a rated answer with a bad field is refused, naming it", () => {
    const wrong = ratedAnswerSchema.safeParse({ asked: ASKED, answer: ANSWER, responseTime: 10, satisfaction: 7 });
    assert.equal(wrong.success, false);
    assert.deepEqual(wrong.error?.issues[0]?.path, ["satisfaction"]);
  });

  it("an A/B trial shows both rubric scores and the tally, and its button opens exactly these two answers", async () => {
    const result = await coach.ok<ToolResult<"run_ab_test">>("run_ab_test", {
      question: "Tell me about a time you disagreed with a product manager.",
      controlVariantId: "star-focused",
      testVariantId: "concise",
    });
    const reply = abReply(result);
    const shown = text(reply.parts);
    assert.ok(shown.includes(`| star-focused (control) | ${result.control.evaluation.overall} |`), shown);
    assert.ok(shown.includes(`| concise (test) | ${result.test.evaluation.overall} |`), shown);
    assert.ok(shown.includes(`Over ${result.tally.trials} trials`));
    assert.ok(shown.includes(`chance concise is better ${Math.round(result.probabilityTestBetter * 100)}%`));
    const [open, other] = buttons(reply.parts);
    assert.equal(open!.command, CHAT_COMMANDS.openComparison);
    const comparison = REQUEST_PARAMS["ab/compareInEditor"].parse(open!.arguments[0]);
    assert.deepEqual([comparison.controlResponse, comparison.testResponse], [result.control.response, result.test.response]);
    assert.equal(other!.command, "interviewCoach.compareStrategies");
    assert.equal(reply.metadata.abQuestion, result.question);
  });

  it("the report says when there is no practice, and counts the attempts there are", async () => {
    const empty = reportReply(await coach.ok<ToolResult<"get_analytics_report">>("get_analytics_report", { period: "weekly" }));
    assert.match(text(empty.parts), /no practice recorded/);
    for (const accuracy of [0.6, 0.8])
      await coach.ok("record_performance", { accuracy, storyCoverage: 0.5, satisfaction: 4, responseTime: 90, category: "leadership" });
    const report = await coach.ok<ToolResult<"get_analytics_report">>("get_analytics_report", { period: "weekly" });
    const shown = text(reportReply(report).parts);
    assert.ok(shown.includes("| Attempts | 2"), shown);
    assert.ok(shown.includes("| Accuracy | 70%"), shown);
  });

  it("next steps list the ranked recommendations and the milestones within reach", async () => {
    const recommendations = await coach.ok<ToolResult<"get_personalized_recommendations">>("get_personalized_recommendations", { limit: 3 });
    const milestones = await coach.ok<ToolResult<"get_next_milestones">>("get_next_milestones", { numberOfMilestones: 3 });
    const shown = text(nextReply(recommendations, milestones).parts);
    for (const r of recommendations.recommendations) assert.ok(shown.includes(`${r.rank}. **`), shown);
    for (const m of milestones.next) assert.ok(shown.includes(`(${m.current} of ${m.target}`), shown);
    assert.match(text(helpReply().parts), /\/practice.*\/ab.*\/report.*\/next/s);
  });
});
