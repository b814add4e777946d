import { randomInt } from "node:crypto";
import { recommendStrategyInput, recommendStrategyOutput } from "../contracts/experiments.js";
import { chooseStrategy, MONTE_CARLO_DRAWS } from "../domain/strategy-choice.js";
import { defineTool } from "./tool.js";

export const recommendStrategy = defineTool({
  name: "recommend_strategy",
  title: "Choose the strategy to try next",
  description:
    "Thompson sampling over the recorded A/B trials: each strategy's head-to-head win rate in the category has a Beta posterior; one draw from each, and the highest draw is the strategy to try next. " +
    "Returns every strategy's record, posterior, interval, its draw and its Monte Carlo chance of being the best, with the seed that replays the draws.",
  input: recommendStrategyInput,
  output: recommendStrategyOutput,
  // Reads only, but each unseeded call draws afresh.
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async ({ category, seed }, context) => {
    const choice = chooseStrategy(
      await context.store.trials(),
      context.variants.map((v) => v.id),
      category ?? null,
      seed ?? randomInt(1, 4_294_967_296),
    );
    return {
      variantId: choice.variantId,
      category: choice.category,
      seed: choice.seed,
      method: "thompson-sampling" as const,
      reason: choice.reason,
      strategies: choice.beliefs,
      monteCarloDraws: MONTE_CARLO_DRAWS,
    };
  },
});
