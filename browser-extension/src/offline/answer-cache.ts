import type { ToolArgs, ToolName, ToolResult } from "#contracts/tools.js";
import { load, save } from "../storage";

/** The reads whose last answers the panel shows while the coach cannot be reached. */
export const CACHED_READS: ReadonlySet<ToolName> = new Set<ToolName>([
  "get_analytics_report",
  "get_personalized_recommendations",
  "get_next_milestones",
  "list_questions",
  "list_variants",
  "practice_question",
  "recommend_strategy",
  "get_profile",
  "get_star_stories",
  "get_target_role",
]);

/** Enough for every view's reads and their periods; the oldest answers go first. */
const KEPT = 60;

/** One read's key: the tool and its arguments, whatever order they were written in. */
export function answerKey(name: ToolName, args: object): string {
  const sorted = Object.fromEntries(Object.entries(args).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${name} ${JSON.stringify(sorted)}`;
}

/** Keeps a read's answer for offline use. */
export async function remember<N extends ToolName>(name: N, args: ToolArgs<N>, result: ToolResult<N>): Promise<void> {
  // One writer at a time: the views load together, and each write replaces the whole record.
  await navigator.locks.request("interview-coach-answers", async () => {
    const answers = { ...(await load("answers")), [answerKey(name, args)]: { result, at: Date.now() } };
    const keys = Object.keys(answers);
    if (keys.length > KEPT) {
      const oldest = keys.sort((a, b) => answers[a]!.at - answers[b]!.at).slice(0, keys.length - KEPT);
      for (const key of oldest) delete answers[key];
    }
    await save("answers", answers);
  });
}

/** The answer the coach last gave to this read, and when. */
export async function recall<N extends ToolName>(name: N, args: ToolArgs<N>): Promise<{ result: ToolResult<N>; at: number } | undefined> {
  const kept = (await load("answers"))?.[answerKey(name, args)];
  return kept ? { result: kept.result as ToolResult<N>, at: kept.at } : undefined;
}
