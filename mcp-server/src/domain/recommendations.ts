import type { AnalyticsReport } from "./analytics.js";
import { tallyPair, verdict, type Trial } from "./experiments.js";
import type { PerformanceRecord } from "./performance.js";
import { categoryStandings, choosePractice, dueCards, questionInCategory, weakestCategory } from "./practice.js";
import type { PracticeCard } from "./scheduling.js";
import type { Question, Story } from "./types.js";
import { CATEGORIES, CATEGORY_TITLES, COMPETENCIES, type Category, type Competency } from "./vocabulary.js";

export type RecommendationAction =
  | { type: "practise_question"; questionId: string; question: string; category: Category }
  | { type: "strengthen_story"; storyId: string; storyTitle: string; missing: string[] }
  | { type: "add_story"; competency: Competency; exampleQuestionId: string | null }
  | { type: "prefer_strategy"; variantId: string; overVariantId: string; category: Category | null };

export type Priority = "high" | "medium" | "low";

export interface Recommendation {
  rank: number;
  priority: Priority;
  title: string;
  reason: string;
  evidence: Record<string, number | string | null>;
  action: RecommendationAction;
}

export interface RecommendationInput {
  questions: readonly Question[];
  stories: readonly Story[];
  records: readonly PerformanceRecord[];
  trials: readonly Trial[];
  cards: readonly PracticeCard[];
  report: AnalyticsReport | null;
  now: number;
}

type Draft = Omit<Recommendation, "rank"> & { weight: number };
const PRIORITY_WEIGHT: Record<Priority, number> = { high: 300, medium: 200, low: 100 };
const pct = (x: number) => `${Math.round(x * 100)}%`;

function practiseAction(q: Question): RecommendationAction {
  return { type: "practise_question", questionId: q.id, question: q.text, category: q.category };
}

function fromSchedule(input: RecommendationInput, out: Draft[]): void {
  const due = dueCards(input.cards, input.now);
  const byId = new Map(input.questions.map((q) => [q.id, q]));
  const first = due.map((c) => ({ c, q: byId.get(c.questionId) })).find((x) => x.q);
  if (first?.q) {
    const overdueDays = Math.floor((input.now - first.c.due) / 86_400_000);
    out.push({
      priority: overdueDays >= 1 ? "high" : "medium",
      weight: Math.min(99, 50 + overdueDays),
      title: `Review a due question (${due.length} due)`,
      reason: `"${first.q.text}" is due for review${overdueDays >= 1 ? `, ${overdueDays} day${overdueDays === 1 ? "" : "s"} overdue` : ""}; your last score was ${first.c.lastScore ?? "not recorded"}.`,
      evidence: { dueQuestions: due.length, overdueDays, lastScore: first.c.lastScore, reviews: first.c.reps },
      action: practiseAction(first.q),
    });
  }
}

function fromCategories(input: RecommendationInput, out: Draft[]): void {
  const standings = categoryStandings(input.records);
  const standing = weakestCategory(standings);
  // Due reviews are recommended on their own; here the weakest category picks its least-practised question.
  const question = questionInCategory(input.questions, input.cards, standing.category);
  if (!question) return;
  const choice = { question };
  const practised = standings.filter((s) => s.attempts > 0).length;
  if (standing.accuracy === null) {
    out.push({
      priority: input.records.length === 0 ? "high" : "low",
      weight: input.records.length === 0 ? 90 : 20,
      title: `Start on ${CATEGORY_TITLES[standing.category]}`,
      reason:
        input.records.length === 0
          ? "No practice recorded yet: answer one question to get your first scores."
          : `You have not practised ${CATEGORY_TITLES[standing.category]} yet (${practised} of ${CATEGORIES.length} categories practised).`,
      evidence: { category: standing.category, attempts: 0, categoriesPractised: practised },
      action: practiseAction(choice.question),
    });
  } else if (standing.accuracy < 0.75) {
    out.push({
      priority: standing.accuracy < 0.6 ? "high" : "medium",
      weight: Math.round((1 - standing.accuracy) * 100),
      title: `Strengthen ${CATEGORY_TITLES[standing.category]}`,
      reason: `Your weakest category: mean accuracy ${pct(standing.accuracy)} over ${standing.attempts} attempts.`,
      evidence: { category: standing.category, accuracy: Math.round(standing.accuracy * 1000) / 1000, attempts: standing.attempts },
      action: practiseAction(choice.question),
    });
  }
}

function fromStories(input: RecommendationInput, out: Draft[]): void {
  for (const story of input.stories) {
    const missing: string[] = [];
    if (story.metrics.length === 0 && !/\d/.test(story.result)) missing.push("a measured result");
    if (!/\bI\b/.test(story.action)) missing.push('actions told as "I"');
    if (!story.learnings) missing.push("what you learned");
    if (missing.length === 0 || (missing.length === 1 && missing[0] === "what you learned")) continue;
    out.push({
      priority: "medium",
      weight: 10 * missing.length,
      title: `Strengthen the story "${story.title}"`,
      reason: `It lacks ${missing.join(" and ")}; answers drafted from it will score lower on specificity and ownership.`,
      evidence: { storyId: story.id, metrics: story.metrics.length, line: story.line },
      action: { type: "strengthen_story", storyId: story.id, storyTitle: story.title, missing },
    });
  }
  const covered = new Set(input.stories.flatMap((s) => s.competencies));
  const probed = new Map<Competency, Question[]>();
  for (const q of input.questions) for (const c of q.competencies) probed.set(c, [...(probed.get(c) ?? []), q]);
  const gaps = COMPETENCIES.filter((c) => !covered.has(c) && (probed.get(c)?.length ?? 0) > 0).sort((a, b) => (probed.get(b)?.length ?? 0) - (probed.get(a)?.length ?? 0));
  for (const gap of gaps.slice(0, 2)) {
    const questions = probed.get(gap) ?? [];
    out.push({
      priority: questions.length >= 5 ? "medium" : "low",
      weight: questions.length,
      title: `Add a story showing ${gap.replace(/-/g, " ")}`,
      reason: `${questions.length} questions in the bank probe ${gap}, and none of your ${input.stories.length} stories covers it.`,
      evidence: { competency: gap, questionsProbing: questions.length, stories: input.stories.length },
      action: { type: "add_story", competency: gap, exampleQuestionId: questions[0]?.id ?? null },
    });
  }
}

function fromExperiments(input: RecommendationInput, out: Draft[]): void {
  const groups = new Map<string, { category: Category | null; trials: Trial[]; pair: [string, string] }>();
  for (const t of input.trials) {
    const pair = [t.controlVariantId, t.testVariantId].sort() as [string, string];
    const key = `${t.category ?? ""}|${pair.join("|")}`;
    const group = groups.get(key) ?? { category: t.category, trials: [], pair };
    group.trials.push(t);
    groups.set(key, group);
  }
  for (const { category, trials, pair } of groups.values()) {
    const v = verdict(tallyPair(trials, pair[0], pair[1]), pair[0], pair[1]);
    if (v.status === "insufficient_data" || v.confidence < 0.8 || v.winner === "tie") continue;
    const loser = v.winner === pair[1] ? pair[0] : pair[1];
    const where = category ? `${CATEGORY_TITLES[category]} questions` : "uncategorised questions";
    out.push({
      priority: v.status === "decided" ? "medium" : "low",
      weight: Math.round(v.confidence * 100),
      title: `Prefer ${v.winner} for ${where}`,
      reason: `Over ${v.tally.trials} trials ${v.winner} beat ${loser} with ${pct(v.confidence)} posterior probability (${v.status}).`,
      evidence: { trials: v.tally.trials, confidence: Math.round(v.confidence * 1000) / 1000, status: v.status, category },
      action: { type: "prefer_strategy", variantId: v.winner, overVariantId: loser, category },
    });
  }
}

function fromReport(input: RecommendationInput, out: Draft[]): void {
  if (!input.report) return;
  for (const rec of input.report.recommendations) {
    const question = rec.category
      ? questionInCategory(input.questions, input.cards, rec.category)
      : choosePractice(input.questions, input.cards, input.records, input.now)?.question;
    if (!question || out.some((d) => d.action.type === "practise_question" && d.action.category === question.category)) continue;
    out.push({ priority: rec.priority, weight: 30, title: "From your analytics", reason: rec.message, evidence: rec.evidence, action: practiseAction(question) });
  }
}

/** Every recommendation comes from a named source of evidence; ranked by priority, then by its weight. */
export function personalisedRecommendations(input: RecommendationInput, limit: number): Recommendation[] {
  const drafts: Draft[] = [];
  fromSchedule(input, drafts);
  fromCategories(input, drafts);
  fromExperiments(input, drafts);
  fromReport(input, drafts);
  fromStories(input, drafts);
  return drafts
    .map((d, order) => ({ d, order }))
    .sort((a, b) => PRIORITY_WEIGHT[b.d.priority] + b.d.weight - (PRIORITY_WEIGHT[a.d.priority] + a.d.weight) || a.order - b.order)
    .slice(0, limit)
    .map(({ d }, i) => ({ rank: i + 1, priority: d.priority, title: d.title, reason: d.reason, evidence: d.evidence, action: d.action }));
}
