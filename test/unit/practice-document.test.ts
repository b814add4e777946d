import assert from "node:assert/strict";
import { answerFileName, parsePracticeDocument, practiceDocument } from "../../extension/src/practice/practice-document.js";

const HEADER = {
  questionId: "conf-technical-disagreement",
  question: "Tell me about a technical disagreement.",
  categoryId: "conflict",
  category: "Conflict",
  lookFor: "The disagreement, how you listened, the outcome.",
  suggestedStories: ["Ledger redesign"],
};

describe("practice document", () => {
  it("round-trips the question and reads the answer below the rule with its offset", () => {
    const text = `${practiceDocument(HEADER)}I disagreed with our architect about sharding.\n\nWe measured both designs.`;
    const parsed = parsePracticeDocument(text)!;
    assert.equal(parsed.questionId, HEADER.questionId);
    assert.equal(parsed.category, null, "a bank question's category comes from the bank");
    assert.equal(parsed.question, HEADER.question);
    assert.equal(parsed.answer, "I disagreed with our architect about sharding.\n\nWe measured both designs.");
    assert.equal(text.slice(parsed.answerOffset, parsed.answerOffset + 12), "I disagreed ");
  });

  it("an empty answer is empty, and a file that is not a practice is not parsed", () => {
    assert.equal(parsePracticeDocument(practiceDocument(HEADER))!.answer, "");
    assert.equal(parsePracticeDocument("# Notes\n\nSome text"), null);
  });

  it("answer files sort by time and name the question", () => {
    assert.equal(answerFileName("lead-x", new Date("2026-11-21T09:05:03.120Z")), "2026-11-21T09-05-03-lead-x.md");
  });

  it("a question generated from a job posting carries its category, since the bank has no entry for it", () => {
    const generated = {
      ...HEADER,
      questionId: null,
      question: "Tell me about a time you used Kafka under real production load.",
      categoryId: "technical",
      category: "Technical",
    };
    const parsed = parsePracticeDocument(`${practiceDocument(generated)}I moved our payments queue to Kafka.`)!;
    assert.equal(parsed.questionId, null);
    assert.equal(parsed.category, "technical");
    assert.equal(parsed.answer, "I moved our payments queue to Kafka.");
    assert.equal(
      parsePracticeDocument("# Q\n\n<!-- interview-coach question: generated -->\n---\nA"),
      null,
      "a generated question without its category is not a practice",
    );
    assert.equal(
      answerFileName(null, new Date("2026-11-21T09:05:03.120Z"), generated.question),
      "2026-11-21T09-05-03-posting-tell-me-about-a-time-you-used-kafka-under-real.md",
    );
  });
});
