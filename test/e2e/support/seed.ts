// Three weeks of a person's practice, made with the server's own tools: answers drafted from the
// twin's stories, cut short the way a hurried answer is, scored by the rubric and recorded.
import { spawnCoach, type SpawnedCoach } from "../../support/spawned-coach.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Seven of the eleven categories: the rest stay unpractised, as they do for most people. */
const PRACTISED = ["leadership", "conflict", "teamwork", "failure", "technical", "communication", "problem-solving"];
/** Days ago with practice: a patchy start, then an unbroken run up to today. */
const PRACTICE_DAYS = [20, 19, 17, 16, 14, 13, 12, 10, 8, 7, 6, 5, 4, 3, 2, 1, 0];
interface Question {
  id: string;
  text: string;
  category: string;
}

interface Evaluation {
  overall: number;
  recognisedStories: { overlap: number }[];
}

function structured<T>(result: Awaited<ReturnType<SpawnedCoach["call"]>>, tool: string): T {
  if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent as T;
}

/** The first share of an answer's sentences: early on the person runs out of time before the result. */
function cutShort(answer: string, share: number): string {
  const sentences = answer.split(/(?<=[.!?])\s+/);
  return sentences.slice(0, Math.max(2, Math.ceil(sentences.length * share))).join(" ");
}

async function practise(coach: SpawnedCoach, questions: Question[], now: number): Promise<number> {
  const byCategory = PRACTISED.map((category) => questions.filter((q) => q.category === category));
  const sessions = PRACTICE_DAYS.flatMap((daysAgo, day) => Array.from({ length: 1 + ((day * 5) % 3) }, (_, n) => ({ daysAgo, n })));
  let recorded = 0;
  for (const [i, session] of sessions.entries()) {
    const growth = i / (sessions.length - 1);
    const pool = byCategory[i % byCategory.length]!;
    const question = pool[Math.floor(i / byCategory.length) % pool.length]!;
    const variantId = growth < 0.35 ? "concise" : growth < 0.6 ? "example-driven" : i % 2 ? "detailed" : "star-focused";
    const draft = structured<{ response: string }>(await coach.call("generate_response", { question: question.text, variantId }), "generate_response");
    const answer = cutShort(draft.response, Math.min(1, 0.5 + 0.6 * growth + ((i * 7) % 5) / 40));
    const evaluation = structured<Evaluation>(
      await coach.call("evaluate_response", { question: question.text, response: answer, questionId: question.id }),
      "evaluate_response",
    );
    const timestamp = new Date(Math.min(now - 60_000, now - session.daysAgo * DAY - (9 - 3 * session.n) * HOUR - ((i * 17) % 50) * 60_000)).toISOString();
    structured(
      await coach.call("record_performance", {
        accuracy: evaluation.overall / 100,
        // As the practice flow computes it: the best recognised story's overlap.
        storyCoverage: Math.max(0, ...evaluation.recognisedStories.map((s) => s.overlap)),
        satisfaction: Math.max(1, Math.min(5, Math.round(evaluation.overall / 20 + ((i % 3) - 1) * 0.6))),
        responseTime: Math.round(175 - 75 * growth + ((i * 29) % 40)),
        category: question.category,
        questionId: question.id,
        timestamp,
      }),
      "record_performance",
    );
    recorded++;
  }
  return recorded;
}

/**
 * Strategy pairs tried head to head, each trial on a question of its own so each is new evidence:
 * STAR-focused against detailed across every category, against concise on customer-focus questions.
 */
function trialPlan(questions: Question[]): { control: string; test: string; question: Question }[] {
  const categories = [...new Set(questions.map((q) => q.category))];
  const firstOfEach = categories.map((category) => questions.find((q) => q.category === category)!);
  const customerFocus = questions.filter((q) => q.category === "customer-focus").slice(1, 6);
  return [
    ...firstOfEach.map((question) => ({ control: "star-focused", test: "detailed", question })),
    ...customerFocus.map((question) => ({ control: "star-focused", test: "concise", question })),
  ];
}

async function compareStrategies(coach: SpawnedCoach, questions: Question[]): Promise<number> {
  const plan = trialPlan(questions);
  for (const { control, test, question } of plan) {
    structured(
      await coach.call("run_ab_test", { question: question.text, questionId: question.id, controlVariantId: control, testVariantId: test }),
      "run_ab_test",
    );
  }
  return plan.length;
}

/** Seeds `dataDir` (new or empty) with practice over the last three weeks and sixteen A/B trials. */
export async function seedHistory(dataDir: string, now = Date.now()): Promise<{ records: number; trials: number }> {
  const coach = await spawnCoach(dataDir);
  try {
    const { questions } = structured<{ questions: Question[] }>(await coach.call("list_questions"), "list_questions");
    const records = await practise(coach, questions, now);
    const trials = await compareStrategies(coach, questions);
    return { records, trials };
  } finally {
    await coach.close();
    // The seeded folder is copied for each test: wait until the server has exited and let its store lock go,
    // so no copy carries a lock whose owner is still shutting down (its pid could even be reused by then).
    for (let waited = 0; isAlive(coach.pid) && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
