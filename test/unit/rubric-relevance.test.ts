import assert from "node:assert/strict";
import { evaluateAnswer, NO_EXAMPLE_CAP, WRONG_KIND_CAP } from "../../mcp-server/src/domain/rubric/index.js";
import { askedKind, asksForExample, showsKind } from "../../mcp-server/src/domain/rubric/example-kind.js";
import { CALIBRATION_ANSWERS } from "../fixtures/calibration/index.js";

const answer = (id: string) => {
  const found = CALIBRATION_ANSWERS.find((a) => a.id === id);
  assert.ok(found, id);
  return found;
};
const evaluate = (a: { question: string; response: string; category: (typeof CALIBRATION_ANSWERS)[number]["category"] }, question = a.question) =>
  evaluateAnswer({ question, response: a.response, category: a.category });

describe("rubric: answering what the question asks", () => {
  it("reads the kind of example a question asks for", () => {
    assert.equal(askedKind("Tell me about a time you failed. What did you learn?"), "failure");
    assert.equal(askedKind("Describe a mistake of yours that affected production or users."), "failure");
    assert.equal(askedKind("Tell me about a time you disagreed with a colleague."), "conflict");
    assert.equal(askedKind("Tell me about a time you received critical feedback."), null);
    assert.equal(askedKind("Describe a system you designed."), null);
    assert.equal(askedKind("Give me an example of when you persuaded someone senior to change their mind."), "persuasion");
    assert.equal(askedKind("Tell me about a time you had to learn a new technology quickly."), "learning");
    assert.equal(askedKind("Walk me through the hardest bug you have tracked down."), "bug");
    assert.equal(askedKind("Tell me about a difficult decision you made as a lead."), "decision");
    assert.equal(askedKind("Why do you want to work here?"), "fit");
    // A decision the team disagreed with asks for the disagreement first.
    assert.equal(askedKind("Tell me about a decision your team didn't agree with."), "conflict");
    assert.ok(asksForExample("Tell me about a time you led a team."));
    assert.ok(!asksForExample("Why do you want to work here?"));
    assert.ok(asksForExample("How have you contributed to a team when you didn't agree with its direction?"));
    assert.ok(asksForExample("Have you ever had to deliver bad news to a customer?"));
  });

  it(`a success told for a failure question is developing at most (≤ ${WRONG_KIND_CAP}), with relevance from the kind told, not the question's words, and a line saying why`, () => {
    const success = answer("failure-developing-wrong-kind");
    const result = evaluate(success);
    assert.ok(result.overall <= WRONG_KIND_CAP, `${result.overall}`);
    assert.match(result.feedback[0]!.message, /asks about a failure, and this answer tells none/);
    // The same answer to a question that does not ask for a failure is not held down.
    // The question's words ("failure", "learn") earn nothing: only the probed competencies' vocabulary, at most 55.
    assert.ok(result.dimensions.relevance <= 55, `${result.dimensions.relevance}`);
    const neutral = evaluateAnswer({ question: "Tell me about a project that taught you something.", response: success.response, category: success.category });
    assert.doesNotMatch(neutral.feedback.map((f) => f.message).join(" "), /tells none/);
  });

  it("smooth teamwork told for a conflict question is developing at most", () => {
    const result = evaluate(answer("conflict-developing-wrong-kind"));
    assert.ok(result.overall <= WRONG_KIND_CAP, `${result.overall}`);
    assert.equal(result.band, "developing");
  });

  it(`repeating the question's words without telling an example is weak (≤ ${NO_EXAMPLE_CAP})`, () => {
    for (const id of ["leadership-weak-echo", "failure-weak-echo"]) {
      const result = evaluate(answer(id));
      assert.ok(result.overall <= NO_EXAMPLE_CAP, `${id}: ${result.overall}`);
      assert.equal(result.band, "weak");
      assert.match(result.feedback[0]!.message, /asks for a real example/);
    }
  });

  it("a real failure or conflict, told in plain words, is not held down", () => {
    for (const id of ["failure-strong-plain", "conflict-strong-plain", "failure-good-no-number"]) {
      const result = evaluate(answer(id));
      if (id.includes("strong")) assert.ok(result.overall > WRONG_KIND_CAP, `${id}: ${result.overall}`);
      assert.doesNotMatch(result.feedback.map((f) => f.message).join(" "), /tells none|asks for a real example/);
    }
  });

  it("skills already held, told for a question about learning something new, are developing at most", () => {
    const result = evaluate(answer("adaptability-developing-wrong-kind"));
    assert.ok(result.overall <= WRONG_KIND_CAP, `${result.overall}`);
    assert.match(result.feedback[0]!.message, /asks about learning something new, and this answer tells none/);
  });

  it("why-this-role answers show fit with experience they tell, not praise of the company", () => {
    const flattery = evaluate(answer("motivation-weak-flattery"));
    const specific = evaluate(answer("motivation-strong-specific"));
    assert.equal(flattery.band, "weak");
    assert.match(flattery.feedback[0]!.message, /asks about why you fit this role/);
    assert.ok(specific.dimensions.relevance >= 90 && specific.band === "strong", `${specific.dimensions.relevance} ${specific.band}`);
  });

  it("a career story told for a bug question does not answer it", () => {
    const career =
      "I've always loved programming. I built my first website at school for my uncle's bakery, and later I moved into backend work because I enjoyed databases and APIs. I learned Go last year and I read postmortems from big companies.";
    const result = evaluateAnswer({ question: "Walk me through the hardest bug you have tracked down.", response: career, category: "technical" });
    assert.match(result.feedback.map((f) => f.message).join(" "), /asks about a bug or incident, and this answer tells none/);
  });

  it("an answer told mostly in the conditional tells no example, even when it opens with 'If I disagreed'", () => {
    const result = evaluate(answer("conflict-weak-hypothetical"));
    assert.ok(result.overall <= NO_EXAMPLE_CAP, `${result.overall}`);
    assert.match(result.feedback[0]!.message, /asks for a real example/);
  });

  it("reads a falling-out told in everyday words as the conflict a question asks about", () => {
    const answer =
      "Two planners on my team stopped speaking to each other over how urgent jobs were booked. I met each of them on their own, then got them together with three months of figures, and we agreed new booking rules. Short-notice moves fell from 30% to 8%.";
    assert.ok(showsKind(answer, "conflict"));
  });
});
