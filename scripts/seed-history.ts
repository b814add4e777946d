// Gives a new data folder a few weeks of practice, every attempt drafted from the twin and scored
// by the rubric through the server's own tools, so a first look at the views shows real numbers.
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

type CallTool = (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;

interface Question {
  id: string;
  text: string;
  category: string;
}

interface Evaluation {
  overall: number;
  band: "weak" | "developing" | "good" | "strong";
  speakingSeconds: number;
  recognisedStories: { overlap: number }[];
}

const DAY_MS = 86_400_000;
const SATISFACTION_BY_BAND = { weak: 2, developing: 3, good: 4, strong: 5 } as const;
const STRATEGIES = ["star-focused", "example-driven", "concise", "detailed"];

function structured<T>(result: CallToolResult, tool: string): T {
  if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

export interface SeedPlan {
  days: number;
  attemptsPerDay: number;
  abTrials: number;
  now: number;
}

export interface SeedSummary {
  attempts: number;
  trials: number;
}

/** Records `attemptsPerDay` scored attempts on each of the last `days` days, then rubric-judged A/B trials. */
export async function seedHistory(call: CallTool, plan: SeedPlan): Promise<SeedSummary> {
  const { questions } = structured<{ questions: Question[] }>(await call("list_questions"), "list_questions");
  let attempts = 0;
  for (let day = plan.days - 1; day >= 0; day--) {
    for (let slot = 0; slot < plan.attemptsPerDay; slot++) {
      // Strides through the bank so the categories interleave rather than arrive in blocks.
      const question = questions[(attempts * 7) % questions.length]!;
      const variantId = STRATEGIES[attempts % STRATEGIES.length]!;
      const draft = structured<{ response: string }>(await call("generate_response", { question: question.text, variantId, category: question.category }), "generate_response");
      const evaluation = structured<Evaluation>(await call("evaluate_response", { question: question.text, response: draft.response, questionId: question.id }), "evaluate_response");
      await call("record_performance", {
        accuracy: evaluation.overall / 100,
        storyCoverage: Math.max(0, ...evaluation.recognisedStories.map((s) => s.overlap)),
        satisfaction: SATISFACTION_BY_BAND[evaluation.band],
        responseTime: evaluation.speakingSeconds,
        category: question.category,
        questionId: question.id,
        variantId,
        timestamp: new Date(plan.now - day * DAY_MS - (plan.attemptsPerDay - slot) * 3_600_000).toISOString(),
      });
      attempts++;
    }
  }
  for (let trial = 0; trial < plan.abTrials; trial++) {
    const question = questions[(trial * 5 + 3) % questions.length]!;
    structured(await call("run_ab_test", { question: question.text, questionId: question.id, controlVariantId: "star-focused", testVariantId: "concise" }), "run_ab_test");
  }
  return { attempts, trials: plan.abTrials };
}
