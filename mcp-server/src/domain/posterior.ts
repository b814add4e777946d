import { lazy } from "./lazy.js";

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use; see lazy.ts */
const special = lazy(() => ({
  betainc: require("@stdlib/math-base-special-betainc") as typeof import("@stdlib/math-base-special-betainc"),
  betaQuantile: require("@stdlib/stats-base-dists-beta-quantile") as typeof import("@stdlib/stats-base-dists-beta-quantile"),
}));
/* eslint-enable @typescript-eslint/no-require-imports */

/** A Beta posterior over the probability that one side wins a head-to-head trial. */
export interface BetaPosterior {
  alpha: number;
  beta: number;
}

/** Prior Beta(1, 1): every win rate equally plausible before any trial. */
export function posteriorFrom(wins: number, losses: number, ties: number): BetaPosterior {
  return { alpha: 1 + wins + ties / 2, beta: 1 + losses + ties / 2 };
}

/** P(p > 0.5) = 1 − I_{0.5}(α, β), from the regularized incomplete beta function. */
export function probabilityAboveHalf({ alpha, beta }: BetaPosterior): number {
  return special().betainc(0.5, alpha, beta, true, true);
}

/** The equal-tailed credible interval: the (1−mass)/2 and (1+mass)/2 quantiles. */
export function credibleInterval({ alpha, beta }: BetaPosterior, mass = 0.95): [number, number] {
  const tail = (1 - mass) / 2;
  const { betaQuantile } = special();
  return [betaQuantile(tail, alpha, beta), betaQuantile(1 - tail, alpha, beta)];
}

export function posteriorMean({ alpha, beta }: BetaPosterior): number {
  return alpha / (alpha + beta);
}
