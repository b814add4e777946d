import assert from "node:assert/strict";
import { credibleInterval, posteriorFrom, probabilityAboveHalf } from "../../mcp-server/src/domain/posterior.js";

/** For integer α, β: P(p > 1/2) = P(Binomial(α+β−1, 1/2) ≤ α−1), an identity independent of the library. */
function binomialTail(alpha: number, beta: number): number {
  const n = alpha + beta - 1;
  let sum = 0;
  let coefficient = 1;
  for (let k = 0; k <= alpha - 1; k++) {
    if (k > 0) coefficient = (coefficient * (n - k + 1)) / k;
    sum += coefficient;
  }
  return sum / 2 ** n;
}

/** P(p > 1/2) by Simpson's rule on the Beta density, for non-integer parameters. */
function integrateAboveHalf(alpha: number, beta: number, steps = 20_000): number {
  const density = (x: number) => x ** (alpha - 1) * (1 - x) ** (beta - 1);
  const simpson = (a: number, b: number) => {
    const h = (b - a) / steps;
    let s = density(a) + density(b);
    for (let i = 1; i < steps; i++) s += density(a + i * h) * (i % 2 ? 4 : 2);
    return (s * h) / 3;
  };
  const eps = 1e-12;
  return simpson(0.5, 1 - eps) / simpson(eps, 1 - eps);
}

describe("Beta posterior", () => {
  it("builds Beta(1 + wins + ties/2, 1 + losses + ties/2)", () => {
    assert.deepEqual(posteriorFrom(3, 1, 2), { alpha: 5, beta: 3 });
  });

  it("P(p > 0.5) is exactly 0.5 under the prior and for equal records", () => {
    assert.equal(probabilityAboveHalf({ alpha: 1, beta: 1 }), 0.5);
    assert.ok(Math.abs(probabilityAboveHalf(posteriorFrom(4, 4, 2)) - 0.5) < 1e-12);
  });

  for (const [wins, losses] of [
    [1, 0],
    [3, 1],
    [5, 0],
    [7, 3],
    [12, 4],
    [20, 18],
    [0, 6],
    [40, 25],
  ] as const) {
    it(`matches the binomial identity for ${wins} wins, ${losses} losses`, () => {
      const posterior = posteriorFrom(wins, losses, 0);
      const expected = binomialTail(posterior.alpha, posterior.beta);
      assert.ok(Math.abs(probabilityAboveHalf(posterior) - expected) < 1e-10, `${probabilityAboveHalf(posterior)} vs ${expected}`);
    });
  }

  it("hand-checked values: 5–0 gives 63/64, 3–1 gives 26/32", () => {
    assert.ok(Math.abs(probabilityAboveHalf(posteriorFrom(5, 0, 0)) - 63 / 64) < 1e-12);
    assert.ok(Math.abs(probabilityAboveHalf(posteriorFrom(3, 1, 0)) - 26 / 32) < 1e-12);
  });

  for (const [wins, losses, ties] of [
    [2, 1, 1],
    [6, 2, 3],
    [0, 3, 1],
  ] as const) {
    it(`matches numerical integration with ties (${wins}/${losses}/${ties})`, () => {
      const posterior = posteriorFrom(wins, losses, ties);
      const expected = integrateAboveHalf(posterior.alpha, posterior.beta);
      assert.ok(Math.abs(probabilityAboveHalf(posterior) - expected) < 1e-6, `${probabilityAboveHalf(posterior)} vs ${expected}`);
    });
  }

  it("95% interval of the uniform prior is [0.025, 0.975]", () => {
    const [lo, hi] = credibleInterval({ alpha: 1, beta: 1 });
    assert.ok(Math.abs(lo - 0.025) < 1e-9 && Math.abs(hi - 0.975) < 1e-9);
  });

  it("95% interval of Beta(a, 1) has the closed form [0.025^(1/a), 0.975^(1/a)]", () => {
    const [lo, hi] = credibleInterval({ alpha: 4, beta: 1 });
    assert.ok(Math.abs(lo - 0.025 ** 0.25) < 1e-9);
    assert.ok(Math.abs(hi - 0.975 ** 0.25) < 1e-9);
  });

  it("interval narrows with more trials at the same rate", () => {
    const [lo1, hi1] = credibleInterval(posteriorFrom(6, 4, 0));
    const [lo2, hi2] = credibleInterval(posteriorFrom(60, 40, 0));
    assert.ok(hi2 - lo2 < hi1 - lo1);
    assert.ok(lo2 < 0.6 && hi2 > 0.6);
  });
});
