import assert from "node:assert/strict";
import { BLAME_CAP, hasMeasuredResult, measures, NO_OWN_PART_CAP, TOLD_EXAMPLE_FLOOR, UNMEASURED_CAP } from "../../mcp-server/src/domain/rubric/gates.js";
import { evaluateAnswer } from "../../mcp-server/src/domain/rubric/index.js";
import { extractSignals } from "../../mcp-server/src/domain/rubric/signals.js";
import { CALIBRATION_ANSWERS } from "../fixtures/calibration/index.js";

const labelled = (id: string) => {
  const found = CALIBRATION_ANSWERS.find((a) => a.id === id);
  assert.ok(found, id);
  return found;
};
const evaluate = (id: string, response = labelled(id).response) => {
  const a = labelled(id);
  return evaluateAnswer({ question: a.question, response, category: a.category });
};

describe("rubric: what each band requires", () => {
  it("counts measures of what changed, not the time frames a story is told in", () => {
    const phrases = (text: string) => measures(extractSignals(text)).map((q) => q.phrase);
    assert.deepEqual(phrases("I paired with him for two weeks, and a few months later he led a feature."), []);
    assert.deepEqual(phrases("I cut the build from 34 minutes to 19 minutes."), ["34 minutes", "19 minutes"]);
    assert.deepEqual(phrases("Refund work dropped by about six hours a week."), ["six hours"]);
  });

  it("a measured result is one told from the speaker's first action on, not in the scene-setting", () => {
    const signals = extractSignals(
      "Our shop had 40 stores and 300 staff. I interviewed the managers and I rewrote the rota tool. The managers were happier with it.",
    );
    assert.equal(hasMeasuredResult(signals, true), false);
    const measured = extractSignals("Our shop had 40 stores. I rewrote the rota tool. Scheduling time fell from 5 hours to 1 hour a week.");
    assert.equal(hasMeasuredResult(measured, true), true);
  });

  it(`a complete, first-person answer stops at ${UNMEASURED_CAP} (good) when its result is not measured, and is strong when it is`, () => {
    const strong = labelled("problem-solving-strong-plain");
    const unmeasured = strong.response.replace(/Double charges went from .*$/, "Double charges stopped, and the support team spent much less time on refunds.");
    const measuredResult = evaluate(strong.id);
    const unmeasuredResult = evaluate(strong.id, unmeasured);
    assert.ok(measuredResult.overall >= 75 && measuredResult.band === "strong", `${measuredResult.overall}`);
    assert.ok(unmeasuredResult.overall <= UNMEASURED_CAP && unmeasuredResult.band === "good", `${unmeasuredResult.overall}`);
  });

  it(`an answer that blames others is developing at most (≤ ${BLAME_CAP}) and is told why, with the words quoted`, () => {
    const result = evaluate("conflict-developing-blame");
    assert.ok(result.overall <= BLAME_CAP, `${result.overall}`);
    const line = result.feedback.find((f) => /on other people/.test(f.message));
    assert.ok(line?.quote, JSON.stringify(result.feedback));
  });

  it(`a story told only as "we" is developing at most (≤ ${NO_OWN_PART_CAP})`, () => {
    for (const id of ["teamwork-developing-team-only", "customer-focus-developing-team"]) {
      const result = evaluate(id);
      assert.ok(result.overall <= NO_OWN_PART_CAP && result.band === "developing", `${id}: ${result.overall}`);
    }
  });

  it(`a real, on-topic example is not weak (≥ ${TOLD_EXAMPLE_FLOOR}), even when it leaves out how the problem was found`, () => {
    const result = evaluate("problem-solving-developing-no-actions");
    assert.ok(result.overall >= TOLD_EXAMPLE_FLOOR && result.band === "developing", `${result.overall}`);
  });

  it("counts every step of a sentence whose subject is the speaker, and stops at a new subject", () => {
    const signals = extractSignals("I stopped the loyalty work, wrote down where I had left it, and then tested the new terminal, and she approved it.");
    assert.deepEqual(
      signals.ownActions.map((a) => a.phrase),
      ["I stopped the", "wrote", "tested"],
    );
  });

  it("reads the opening of a story as its situation, whatever words it uses", () => {
    const signals = extractSignals(
      "A small bakery chain called support because their Saturday orders had stopped syncing. I picked up the ticket. I called the owner and fixed the router settings.",
    );
    assert.deepEqual(signals.star.situation, [0]);
  });
});
