import { distinctTrials, type Trial } from "./experiments.js";
import { lazy } from "./lazy.js";
import { credibleInterval, posteriorFrom, posteriorMean } from "./posterior.js";
import type { Category } from "./vocabulary.js";

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use; see lazy.ts */
const randomBeta = lazy(() => require("@stdlib/random-base-beta") as typeof import("@stdlib/random-base-beta"));
/* eslint-enable @typescript-eslint/no-require-imports */

/** Draws used to estimate each strategy's chance of being the best, for the explanation. */
export const MONTE_CARLO_DRAWS = 4_000;

export interface StrategyBelief {
  variantId: string;
  trials: number;
  wins: number;
  losses: number;
  ties: number;
  /** Beta(1 + wins + ties/2, 1 + losses + ties/2): its chance of winning a head-to-head in this category. */
  alpha: number;
  beta: number;
  mean: number;
  interval: [number, number];
  /** This recommendation's one draw from the posterior. */
  draw: number;
  /** Share of MONTE_CARLO_DRAWS joint draws in which it drew highest. */
  probabilityBest: number;
}

export interface StrategyChoice {
  variantId: string;
  category: Category | null;
  seed: number;
  beliefs: StrategyBelief[];
  reason: string;
}

/** Each strategy's head-to-head record in the category (all categories with null), against any opponent. */
function records(trials: readonly Trial[], variantIds: readonly string[], category: Category | null) {
  const counts = new Map(variantIds.map((id) => [id, { wins: 0, losses: 0, ties: 0 }]));
  for (const t of distinctTrials(trials)) {
    if (category !== null && t.category !== category) continue;
    const control = counts.get(t.controlVariantId);
    const test = counts.get(t.testVariantId);
    if (t.controlVariantId === t.testVariantId) continue;
    if (t.outcome === "tie") {
      if (control) control.ties++;
      if (test) test.ties++;
    } else {
      const [winner, loser] = t.outcome === "test" ? [test, control] : [control, test];
      if (winner) winner.wins++;
      if (loser) loser.losses++;
    }
  }
  return counts;
}

/**
 * Thompson sampling: one draw from each strategy's posterior win rate in the category, and the
 * highest draw is the strategy to try next. Strategies with little evidence draw widely, so they
 * still get tried; a strategy that keeps losing draws low and fades. The seed makes it replayable.
 */
export function chooseStrategy(
  trials: readonly Trial[],
  variantIds: readonly string[],
  category: Category | null,
  seed: number,
  monteCarloDraws = MONTE_CARLO_DRAWS,
): StrategyChoice {
  if (variantIds.length === 0) throw new Error("There are no strategies to choose from.");
  const sample = randomBeta().factory({ seed });
  const counts = records(trials, variantIds, category);
  const posteriors = variantIds.map((id) => {
    const c = counts.get(id)!;
    return { id, c, posterior: posteriorFrom(c.wins, c.losses, c.ties) };
  });
  const draws = posteriors.map(({ posterior }) => sample(posterior.alpha, posterior.beta));
  const best = new Array<number>(variantIds.length).fill(0);
  for (let i = 0; i < monteCarloDraws; i++) {
    let top = 0;
    let topDraw = -1;
    posteriors.forEach(({ posterior }, j) => {
      const d = sample(posterior.alpha, posterior.beta);
      if (d > topDraw) [top, topDraw] = [j, d];
    });
    best[top]!++;
  }
  const beliefs: StrategyBelief[] = posteriors.map(({ id, c, posterior }, j) => ({
    variantId: id,
    trials: c.wins + c.losses + c.ties,
    ...c,
    alpha: posterior.alpha,
    beta: posterior.beta,
    mean: posteriorMean(posterior),
    interval: credibleInterval(posterior),
    draw: draws[j]!,
    probabilityBest: monteCarloDraws ? best[j]! / monteCarloDraws : Number.NaN,
  }));
  const chosen = beliefs.reduce((a, b) => (b.draw > a.draw ? b : a));
  return { variantId: chosen.variantId, category, seed, beliefs, reason: explain(chosen, beliefs, category, monteCarloDraws) };
}

function explain(chosen: StrategyBelief, beliefs: readonly StrategyBelief[], category: Category | null, draws: number): string {
  const where = category ? `${category} questions` : "all questions";
  const record =
    chosen.trials === 0
      ? `it has no trials on ${where} yet, so its win rate could be anywhere`
      : `it has won ${chosen.wins}${chosen.ties ? ` and tied ${chosen.ties}` : ""} of ${chosen.trials} trials on ${where}`;
  const runnerUp = [...beliefs].filter((b) => b !== chosen).sort((a, b) => b.draw - a.draw)[0];
  const against = runnerUp ? `; next was ${runnerUp.variantId} at ${runnerUp.draw.toFixed(2)}` : "";
  return `${chosen.variantId} drew ${chosen.draw.toFixed(2)} from its posterior, the highest (${record})${against}.${draws ? ` It is the best strategy in ${Math.round(chosen.probabilityBest * 100)}% of ${draws} joint draws.` : ""}`;
}
