import assert from "node:assert/strict";
import { agreement, BANDS } from "../fixtures/calibration/agreement.js";
import { CALIBRATION_ANSWERS, CALIBRATION_HELD_OUT } from "../fixtures/calibration/index.js";

const ALL = [...CALIBRATION_ANSWERS, ...CALIBRATION_HELD_OUT];
const percent = (x: number) => `${(100 * x).toFixed(0)}%`;

describe("rubric calibration against interviewer-labelled answers", () => {
  it(`agrees with the labelled band on at least 80% of all ${ALL.length} answers and ranks them with Spearman ≥ 0.8`, () => {
    const a = agreement(ALL);
    const misses = a.scored.filter((s) => s.band !== s.answer.band).map((s) => `${s.answer.id}: labelled ${s.answer.band}, scored ${s.overall} ${s.band}`);
    assert.ok(a.bandAgreement >= 0.8, `band agreement ${percent(a.bandAgreement)}:\n${misses.join("\n")}`);
    assert.ok(a.spearman >= 0.8, `Spearman ${a.spearman.toFixed(2)}`);
  });

  it("holds on the held-out answers, which were labelled separately and never used to shape the rubric", function () {
    if (CALIBRATION_HELD_OUT.length === 0) this.skip();
    const a = agreement(CALIBRATION_HELD_OUT);
    assert.ok(a.bandAgreement >= 0.8, `held-out band agreement ${percent(a.bandAgreement)}`);
    assert.ok(a.spearman >= 0.8, `held-out Spearman ${a.spearman.toFixed(2)}`);
  });

  it("scores complete, first-person answers with a measured result in the strong band (75 and up)", () => {
    const complete = ALL.filter((x) => ["complete-star", "measured-result", "first-person"].every((t) => x.traits.includes(t as never)));
    assert.ok(complete.length >= 15, `${complete.length}`);
    for (const s of agreement(complete).scored) assert.ok(s.overall >= 75, `${s.answer.id}: ${s.overall}`);
  });

  it("never misses a labelled band by more than one", () => {
    for (const s of agreement(ALL).scored) {
      const off = Math.abs(BANDS.indexOf(s.band) - BANDS.indexOf(s.answer.band));
      assert.ok(off <= 1, `${s.answer.id}: labelled ${s.answer.band}, scored ${s.overall} ${s.band}`);
    }
  });
});
