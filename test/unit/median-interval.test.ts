import assert from "node:assert/strict";
import { medianInterval } from "../../bench/support.js";

describe("the bench's interval for a median", () => {
  it("takes the 2nd and 8th of 9 samples, whose coverage is 1 − 2·10/512", () => {
    const interval = medianInterval([9, 3, 7, 1, 5, 2, 8, 6, 4]);
    assert.deepEqual(interval && { low: interval.low, high: interval.high }, { low: 2, high: 8 });
    assert.ok(Math.abs(interval!.coverage - (1 - 20 / 512)) < 1e-12);
  });

  it("takes the 5th and 14th of 18: P(Binomial(18, ½) ≤ 4) is 4048/2¹⁸, and ≤ 5 would leave 90%", () => {
    const interval = medianInterval(Array.from({ length: 18 }, (_, i) => 18 - i));
    assert.equal(interval?.low, 5);
    assert.equal(interval?.high, 14);
    assert.ok(Math.abs(interval!.coverage - (1 - (2 * 4048) / 2 ** 18)) < 1e-12);
  });

  it("gives none below 6 samples, where even the extremes cover less than 95%", () => {
    assert.equal(medianInterval([1, 2, 3, 4, 5]), null);
    assert.deepEqual(medianInterval([6, 1, 2, 3, 4, 5]), { low: 1, high: 6, coverage: 1 - 2 / 64 });
  });
});
