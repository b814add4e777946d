import assert from "node:assert/strict";
import { findQuestion, QUESTION_BANK } from "../../mcp-server/src/domain/questions/index.js";
import { CATEGORIES, isCompetency } from "../../mcp-server/src/domain/vocabulary.js";

describe("question bank", () => {
  it("has at least 60 questions in at least 8 categories, every category used", () => {
    assert.ok(QUESTION_BANK.length >= 60);
    const used = new Set(QUESTION_BANK.map((q) => q.category));
    assert.ok(used.size >= 8);
    for (const c of CATEGORIES) assert.ok(used.has(c), c);
  });

  it("ids and texts are unique; every question probes known competencies", () => {
    assert.equal(new Set(QUESTION_BANK.map((q) => q.id)).size, QUESTION_BANK.length);
    assert.equal(new Set(QUESTION_BANK.map((q) => q.text.toLowerCase())).size, QUESTION_BANK.length);
    for (const q of QUESTION_BANK) {
      assert.ok(q.competencies.length >= 1 && q.competencies.every(isCompetency), q.id);
      assert.ok(q.lookFor.length > 0 && q.lookFor.length <= 140, q.id);
    }
  });

  it("has both behavioural and role-specific questions and finds them by id", () => {
    assert.ok(QUESTION_BANK.some((q) => q.kind === "behavioural") && QUESTION_BANK.some((q) => q.kind === "role"));
    const first = QUESTION_BANK[0]!;
    assert.equal(findQuestion(first.id), first);
    assert.equal(findQuestion("no-such-question"), undefined);
  });
});
