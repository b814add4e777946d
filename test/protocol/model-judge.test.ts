import assert from "node:assert/strict";
import type { CreateMessageRequest } from "@modelcontextprotocol/sdk/types.js";
import { DIMENSIONS } from "../../mcp-server/src/domain/rubric/index.js";
import { errorText, startCoach, type Harness } from "../support/in-memory-coach.js";

const QUESTION = "Tell me about a time you moved a system to a new platform.";
const ANSWER =
  "At Ledgerly our payments queue backed up every night and peak consumer lag reached 40 minutes. I was asked to fix it before the holiday peak. " +
  "I mapped every consumer, wrote a dual-publish shim, and moved one service a day to Kafka while I compared both outputs. " +
  "As a result peak lag fell from 40 minutes to 5 seconds and we retired 12 brokers.";

interface Judged {
  overall: number;
  judgedBy: string;
  modelJudgement?: { status: string; judge?: string; overall?: number; difference?: number; disagreement?: boolean; reason?: string };
}

/** A client whose model grades every dimension at `score`, quoting `quote`; it records what it was asked. */
function samplingModel(score: number, quote: string, asked: CreateMessageRequest["params"][]) {
  return (params: CreateMessageRequest["params"]) => {
    asked.push(params);
    const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d, { score, quote, reason: "seen in the answer" }]));
    return { role: "assistant" as const, model: "test-model-7", content: { type: "text" as const, text: JSON.stringify({ dimensions }) } };
  };
}

describe("practice records: who judged, and which stories were told", () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it("stores the stories an answer told, refuses unknown ones, and warns when one story answers too many questions", async () => {
    h = await startCoach();
    const practise = (questionId: string, category: string, storyIds: string[]) =>
      h!.call("record_performance", { accuracy: 0.8, storyCoverage: 0.7, satisfaction: 4, responseTime: 100, category, questionId, storyIds });
    const bank = (await h.ok<{ questions: { id: string; category: string }[] }>("list_questions")).questions;
    const categories = [...new Set(bank.map((q) => q.category))].slice(0, 5);
    const questions = categories.map((c) => bank.find((q) => q.category === c)!);
    const bad = await practise(questions[0]!.id, questions[0]!.category, ["rabbitmq-to-kafka-migration", "no-such-story"]);
    assert.equal(bad.isError, true);
    assert.equal(errorText(bad), 'storyIds.1: must be the id of a story in the twin; there is no "no-such-story"');
    type Recorded = { storyWarnings: { storyId: string; questions: number; message: string }[] };
    let last: Recorded | null = null;
    for (const q of questions) {
      const result = await practise(q.id, q.category, ["rabbitmq-to-kafka-migration"]);
      assert.equal(result.isError, undefined, errorText(result));
      last = result.structuredContent as Recorded;
      if (q !== questions.at(-1)) assert.deepEqual(last!.storyWarnings, []);
    }
    assert.equal(last!.storyWarnings.length, 1);
    assert.equal(last!.storyWarnings[0]!.storyId, "rabbitmq-to-kafka-migration");
    assert.equal(last!.storyWarnings[0]!.questions, 5);
    const exported = await h.ok<{ performance: { story_ids: string }[] }>("export_data");
    assert.equal(exported.performance.length, 5, "the refused record was not stored");
    assert.deepEqual(JSON.parse(exported.performance[0]!.story_ids), ["rabbitmq-to-kafka-migration"]);
  });
});

describe("model judge through MCP sampling", () => {
  let h: Harness | null = null;
  afterEach(async () => {
    await h?.close();
    h = null;
  });

  it("asks the client's model, checks its quotes, and reports its grade beside the rubric's", async () => {
    const asked: CreateMessageRequest["params"][] = [];
    h = await startCoach(undefined, { sampling: samplingModel(95, "I mapped every consumer", asked) });
    const result = await h.ok<Judged>("evaluate_response", { question: QUESTION, response: ANSWER, modelJudge: true });
    assert.equal(asked.length, 1);
    const first = asked[0]!.messages[0]!.content;
    assert.ok(!Array.isArray(first) && first.type === "text" && first.text.includes(ANSWER));
    assert.equal(result.judgedBy, "rubric");
    const judged = result.modelJudgement!;
    assert.equal(judged.status, "graded");
    assert.equal(judged.judge, "test-model-7");
    assert.equal(judged.overall, 95);
    assert.equal(judged.difference, 95 - result.overall);
    assert.equal(judged.disagreement, Math.abs(95 - result.overall) > 15);
  });

  it("rejects the model's grade when its quote is not in the answer, and keeps the rubric's", async () => {
    h = await startCoach(undefined, { sampling: samplingModel(99, "I single-handedly saved the company", []) });
    const plain = await h.ok<Judged>("evaluate_response", { question: QUESTION, response: ANSWER });
    const result = await h.ok<Judged>("evaluate_response", { question: QUESTION, response: ANSWER, modelJudge: true });
    assert.equal(result.modelJudgement?.status, "rejected");
    assert.match(result.modelJudgement?.reason ?? "", /does not quote the answer/);
    assert.equal(result.overall, plain.overall);
  });

  it("says sampling is not offered when the client has none, and asks nothing without modelJudge", async () => {
    h = await startCoach();
    const result = await h.ok<Judged>("evaluate_response", { question: QUESTION, response: ANSWER, modelJudge: true });
    assert.deepEqual(result.modelJudgement, {
      status: "unavailable",
      reason: "This client does not offer MCP sampling, so no model can grade beside the rubric.",
    });
    const plain = await h.ok<Judged>("evaluate_response", { question: QUESTION, response: ANSWER });
    assert.equal(plain.modelJudgement, undefined);
  });

  it("stores who judged a practice, with the model's grade next to the rubric's", async () => {
    h = await startCoach();
    const rubricOnly = await h.ok<{ recordId: number; judgedBy: string }>("record_performance", {
      accuracy: 0.7,
      storyCoverage: 0.5,
      satisfaction: 4,
      responseTime: 90,
      category: "leadership",
    });
    assert.equal(rubricOnly.judgedBy, "rubric");
    await h.ok("record_performance", {
      accuracy: 0.7,
      storyCoverage: 0.5,
      satisfaction: 4,
      responseTime: 90,
      category: "leadership",
      modelJudge: { judge: "test-model-7", overall: 88 },
    });
    const bad = await h.call("record_performance", {
      accuracy: 0.7,
      storyCoverage: 0.5,
      satisfaction: 4,
      responseTime: 90,
      category: "leadership",
      modelJudge: { judge: "m", overall: 120 },
    });
    assert.equal(bad.isError, true);
    assert.match(errorText(bad), /modelJudge\.overall/);
    const exported = await h.ok<{ performance: { judged_by: string; model_judge: string | null; model_score: number | null; accuracy: number }[] }>(
      "export_data",
    );
    assert.deepEqual(
      exported.performance.map((p) => [p.judged_by, p.model_judge, p.model_score, p.accuracy]),
      [
        ["rubric", null, null, 0.7],
        ["rubric", "test-model-7", 88, 0.7],
      ],
    );
  });
});
