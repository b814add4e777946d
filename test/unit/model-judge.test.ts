import assert from "node:assert/strict";
import {
  compareWithRubric,
  DISAGREEMENT_POINTS,
  judgeWithModel,
  modelJudgePrompt,
  parseModelJudgement,
  quoteIsInAnswer,
} from "../../mcp-server/src/contracts/model-judge.js";
import { DIMENSIONS } from "../../mcp-server/src/domain/rubric/index.js";

const ANSWER =
  "At Ledgerly our payment queue backed up every night. I was asked to fix it before the holiday peak. " +
  "I mapped every consumer, wrote a dual-publish shim and moved one service a day to Kafka. Peak lag fell from 40 minutes to 5 seconds.";

function reply(scores: Partial<Record<string, number>>, quote = "I mapped every consumer"): string {
  const dimensions = Object.fromEntries(DIMENSIONS.map((d) => [d, { score: scores[d] ?? 70, quote, reason: `because of ${d}` }]));
  return JSON.stringify({ dimensions });
}

describe("model judge", () => {
  it("asks for every rubric dimension and carries the question and the answer", () => {
    const prompt = modelJudgePrompt({ question: "Tell me about a migration", answer: ANSWER, competencies: ["ownership"] });
    assert.match(prompt.system, /under 40 weak, 40–59 developing, 60–74 good, 75 and up strong/, "the model is told the rubric's own bands");
    for (const d of DIMENSIONS) assert.match(prompt.user, new RegExp(`"${d}"`));
    assert.match(prompt.user, /Tell me about a migration/);
    assert.match(prompt.user, /Peak lag fell/);
    assert.match(prompt.user, /probes: ownership/);
    assert.match(prompt.system, /word for word/);
  });

  it("weights the model's dimensions as the rubric weighs its own", () => {
    const parsed = parseModelJudgement(reply({ structure: 100, relevance: 100, specificity: 0, ownership: 0, conciseness: 0, clarity: 0 }), ANSWER, "judge-1");
    assert.ok(parsed.ok);
    // structure 0.25 + relevance 0.2 of 100
    assert.equal(parsed.judgement.overall, 45);
    assert.equal(parsed.judgement.band, "developing");
    assert.equal(parsed.judgement.judge, "judge-1");
  });

  it("reads JSON wrapped in a code fence or a sentence", () => {
    const parsed = parseModelJudgement("Here is my grading:\n```json\n" + reply({}) + "\n```", ANSWER, "m");
    assert.ok(parsed.ok);
    assert.equal(parsed.judgement.overall, 70);
  });

  it("rejects a grade whose quote is not in the answer, naming the dimension", () => {
    const dimensions = Object.fromEntries(
      DIMENSIONS.map((d) => [d, { score: 90, quote: d === "specificity" ? "cut costs by 30%" : "moved one service a day", reason: "" }]),
    );
    const parsed = parseModelJudgement(JSON.stringify({ dimensions }), ANSWER, "m");
    assert.equal(parsed.ok, false);
    assert.ok(!parsed.ok && /specificity/.test(parsed.reason) && !/structure/.test(parsed.reason));
  });

  it("rejects replies that are not JSON, or miss a dimension, or score outside 0–100", () => {
    assert.match((parseModelJudgement("I think it is good.", ANSWER, "m") as { reason: string }).reason, /not JSON/);
    const missing = JSON.parse(reply({})) as { dimensions: Record<string, unknown> };
    delete missing.dimensions.clarity;
    assert.match((parseModelJudgement(JSON.stringify(missing), ANSWER, "m") as { reason: string }).reason, /dimensions\.clarity/);
    assert.match((parseModelJudgement(reply({ ownership: 140 }), ANSWER, "m") as { reason: string }).reason, /dimensions\.ownership\.score/);
  });

  it("accepts faithful quotes with typographic differences and ellipses, not paraphrases", () => {
    assert.ok(quoteIsInAnswer("“I mapped every consumer, wrote a dual-publish shim”", ANSWER));
    assert.ok(quoteIsInAnswer("I mapped every consumer … Peak lag fell from 40 minutes", ANSWER));
    assert.ok(quoteIsInAnswer("peak   LAG fell", ANSWER));
    assert.ok(!quoteIsInAnswer("I mapped all the consumers", ANSWER));
    assert.ok(!quoteIsInAnswer("…", ANSWER));
  });

  it(`flags a disagreement only beyond ${DISAGREEMENT_POINTS} points`, () => {
    const judged = (overall: number) => ({ judge: "m", overall, band: "good" as const, dimensions: {} as never });
    assert.equal(compareWithRubric(70, judged(85)).disagreement, false);
    assert.equal(compareWithRubric(70, judged(86)).disagreement, true);
    assert.equal(compareWithRubric(70, judged(54)).disagreement, true);
    assert.equal(compareWithRubric(70, judged(86)).difference, 16);
    assert.match(compareWithRubric(70, judged(86)).summary, /disagree by 16 points\. The rubric's score is the one recorded/);
  });

  it("says why when no model can be asked or the model fails", async () => {
    const input = { question: "q", answer: ANSWER, rubricOverall: 60 };
    assert.deepEqual(await judgeWithModel(null, input, "none here"), { status: "unavailable", reason: "none here" });
    const failed = await judgeWithModel(() => Promise.reject(new Error("quota")), input);
    assert.equal(failed.status, "unavailable");
    assert.match((failed as { reason: string }).reason, /quota/);
    const graded = await judgeWithModel(() => Promise.resolve({ text: reply({}), model: "m-2" }), input);
    assert.equal(graded.status, "graded");
    assert.equal(graded.status === "graded" && graded.difference, 10);
  });
});
