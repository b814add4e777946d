import type { Trial } from "../mcp-server/src/domain/experiments.js";
import { chooseStrategy } from "../mcp-server/src/domain/strategy-choice.js";
import { seededRandom } from "../test/support/seeded-random.js";

/** Each strategy's true chance of winning a head-to-head, unknown to the chooser. */
const TRUE_WIN_RATES: Record<string, number> = { "star-focused": 0.55, "example-driven": 0.65, concise: 0.35, detailed: 0.45 };
const STRATEGIES = Object.keys(TRUE_WIN_RATES);
const BEST = Math.max(...Object.values(TRUE_WIN_RATES));

/**
 * Cumulative regret (win chance lost against always using the best strategy) of Thompson sampling,
 * through the same chooseStrategy the tool uses, beside picking a strategy uniformly at random.
 */
export function strategyRegret(rounds = 200, runs = 300): string[] {
  const random = seededRandom(2026);
  let thompson = 0;
  let uniform = 0;
  let bestShareLate = 0;
  for (let run = 0; run < runs; run++) {
    const trials: Trial[] = [];
    for (let round = 0; round < rounds; round++) {
      const pick = chooseStrategy(trials, STRATEGIES, "leadership", 1 + Math.floor(random() * 4_294_967_294), 0).variantId;
      thompson += BEST - TRUE_WIN_RATES[pick]!;
      if (round >= rounds - 50 && TRUE_WIN_RATES[pick] === BEST) bestShareLate++;
      uniform += BEST - TRUE_WIN_RATES[STRATEGIES[Math.floor(random() * STRATEGIES.length)]!]!;
      // The chosen strategy meets another in a trial it wins with its true rate.
      const opponent = STRATEGIES.filter((s) => s !== pick)[Math.floor(random() * (STRATEGIES.length - 1))]!;
      const won = random() < TRUE_WIN_RATES[pick]!;
      trials.push({ id: trials.length + 1, recordedAt: round, questionId: null, question: `q${round}`, category: "leadership", controlVariantId: opponent, testVariantId: pick, controlScore: 0, testScore: 0, outcome: won ? "test" : "control", judgedBy: "rubric" });
    }
  }
  const rates = STRATEGIES.map((s) => `${s} ${TRUE_WIN_RATES[s]}`).join(", ");
  return [
    `Choosing the next strategy (simulated: true win rates ${rates}; ${rounds} rounds, ${runs} runs)`,
    `  cumulative regret after ${rounds} rounds: Thompson sampling ${(thompson / runs).toFixed(1)}, uniform random ${(uniform / runs).toFixed(1)} (expected trials lost against always using the best)`,
    `  Thompson sampling picks the best strategy in ${((100 * bestShareLate) / (runs * 50)).toFixed(0)}% of the last 50 rounds`,
  ];
}
