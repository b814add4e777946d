import assert from "node:assert/strict";
import { CATEGORIES } from "../../mcp-server/src/domain/vocabulary.js";
import { CALIBRATION_ANSWERS as DEVELOPMENT, CALIBRATION_HELD_OUT } from "../fixtures/calibration/index.js";

const CALIBRATION_ANSWERS = [...DEVELOPMENT, ...CALIBRATION_HELD_OUT];

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe("the labelled calibration answers", () => {
  it("cover every category and band, with unique ids and labels that match their traits", () => {
    assert.equal(new Set(CALIBRATION_ANSWERS.map((a) => a.id)).size, CALIBRATION_ANSWERS.length);
    for (const category of CATEGORIES) assert.ok(CALIBRATION_ANSWERS.filter((a) => a.category === category).length >= 4, category);
    for (const band of ["weak", "developing", "good", "strong"] as const) assert.ok(CALIBRATION_ANSWERS.filter((a) => a.band === band).length >= 8, band);
    for (const a of CALIBRATION_ANSWERS) {
      assert.ok(a.reason.length > 20, `${a.id} says why`);
      if (a.band === "strong")
        assert.ok(wordCount(a.response) >= 120 && a.traits.includes("measured-result"), `${a.id}: a strong answer is long enough to tell a measured result`);
      if (a.traits.includes("too-short")) assert.ok(wordCount(a.response) < 50, `${a.id} is short`);
      if (a.traits.includes("rambling")) assert.ok(wordCount(a.response) > 300, `${a.id} rambles`);
      if (a.traits.includes("wrong-kind-of-example") || a.traits.includes("echoes-question") || a.traits.includes("hypothetical"))
        assert.notEqual(a.band, "strong", a.id);
    }
  });
});
