import type { Trial } from "../mcp-server/src/domain/experiments.js";
import { chooseStrategy } from "../mcp-server/src/domain/strategy-choice.js";
import { seededRandom } from "../test/support/seeded-random.js";

/** Each strategy's true chance of beating an even answer (one that wins half its head-to-heads), unknown to the chooser. */
const TRUE_WIN_RATES: Record<string, number> = { "star-focused": 0.55, "example-driven": 0.65, concise: 0.35, detailed: 0.45 };
const STRATEGIES = Object.keys(TRUE_WIN_RATES);
const BEST = Math.max(...Object.values(TRUE_WIN_RATES));
/** The person's usual answer, not one of the strategies the chooser weighs. */
const USUAL = "usual-answer";

const logit = (p: number) => Math.log(p / (1 - p));

/** Bradley–Terry: win rates against an even answer fix every pairwise chance, so both sides of a trial are each true to their own rate. */
function chanceToBeat(pick: string, opponent: string): number {
  if (opponent === USUAL) return TRUE_WIN_RATES[pick]!;
  return 1 / (1 + Math.exp(logit(TRUE_WIN_RATES[opponent]!) - logit(TRUE_WIN_RATES[pick]!)));
}

type Opponent = "usual" | "another strategy";

/**
 * Cumulative regret (win chance against an even answer lost against always using the best
 * strategy) of Thompson sampling, through the same chooseStrategy the tool uses, beside picking a
 * strategy uniformly at random.
 */
function simulate(opponent: Opponent, rounds: number, runs: number) {
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
      const others = STRATEGIES.filter((s) => s !== pick);
      const control = opponent === "usual" ? USUAL : others[Math.floor(random() * others.length)]!;
      const won = random() < chanceToBeat(pick, control);
      trials.push({
        id: trials.length + 1,
        recordedAt: round,
        questionId: null,
        question: `q${round}`,
        category: "leadership",
        controlVariantId: control,
        testVariantId: pick,
        controlScore: 0,
        testScore: 0,
        outcome: won ? "test" : "control",
        judgedBy: "rubric",
      });
    }
  }
  return { thompson: thompson / runs, uniform: uniform / runs, bestShareLate: bestShareLate / (runs * 50) };
}

export function strategyRegret(rounds = 200, runs = 500): string[] {
  const rates = STRATEGIES.map((s) => `${s} ${TRUE_WIN_RATES[s]}`).join(", ");
  const lines = [`Choosing the next strategy (simulated: true chances of beating an even answer ${rates}; ${rounds} rounds, ${runs} runs each)`];
  for (const [opponent, label] of [
    ["usual", "against the person's usual answer"],
    ["another strategy", "against another strategy, whose record takes the other side of the trial"],
  ] as const) {
    const r = simulate(opponent, rounds, runs);
    lines.push(
      `  ${label}: cumulative regret after ${rounds} rounds, Thompson sampling ${r.thompson.toFixed(1)}, uniform random ${r.uniform.toFixed(1)}; ` +
        `the best strategy in ${(100 * r.bestShareLate).toFixed(0)}% of the last 50 rounds`,
    );
  }
  return lines;
}
