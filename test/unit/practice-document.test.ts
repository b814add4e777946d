import assert from "node:assert/strict";
import { answerFileName, parsePracticeDocument, practiceDocument } from "../../extension/src/practice/practice-document.js";

const HEADER = { questionId: "conf-technical-disagreement", question: "Tell me about a technical disagreement.", category: "Conflict", lookFor: "The disagreement, how you listened, the outcome.", suggestedStories: ["Ledger redesign"] };

describe("practice document", () => {
  it("round-trips the question and reads the answer below the rule with its offset", () => {
    const text = `${practiceDocument(HEADER)}I disagreed with our architect about sharding.\n\nWe measured both designs.`;
    const parsed = parsePracticeDocument(text)!;
    assert.equal(parsed.questionId, HEADER.questionId);
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
});
