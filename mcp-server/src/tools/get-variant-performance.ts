import { getVariantPerformanceInput, getVariantPerformanceOutput } from "../contracts/experiments.js";
import { variantPerformance } from "../domain/experiments.js";
import { findVariantOrFail } from "./lookups.js";
import { defineTool, READ_ONLY } from "./tool.js";

export const getVariantPerformance = defineTool({
  name: "get_variant_performance",
  title: "Strategy performance",
  description:
    "A strategy's record over all its A/B trials against any other: wins, losses, ties, win rate (wins + ties/2)/trials with its 95% Beta credible interval, mean rubric score, and per-category rows.",
  input: getVariantPerformanceInput,
  output: getVariantPerformanceOutput,
  annotations: READ_ONLY,
  run: async ({ variantId, category }, context) => {
    findVariantOrFail(context, variantId, "variantId");
    const performance = variantPerformance(await context.store.trials(), variantId, category);
    return { ...performance, category: category ?? null };
  },
});
