import type { AnalyticsReport, FindingKind } from "./analytics.js";
import { verdict, type Trial } from "./experiments.js";
import type { PerformanceRecord } from "./performance.js";
import { CATEGORY_COMPETENCY } from "./competency-inference.js";
import { categoryStandings, choosePractice, dueCards, questionInCategory, recentRecords, weakestCategory } from "./practice.js";
import type { PracticeCard } from "./scheduling.js";
import type { Gap, PracticeItem } from "./job-fit/index.js";
import { overuseWarning, storyUse } from "./story-use.js";
import type { Question, Story } from "./types.js";
import { CATEGORIES, CATEGORY_TITLES, COMPETENCIES, type Category, type Competency } from "./vocabulary.js";

export type RecommendationAction =
  | { type: "practise_question"; questionId: string; question: string; category: Category }
  | { type: "strengthen_story"; storyId: string; storyTitle: string; missing: string[] }
  | { type: "add_story"; competency: Competency; exampleQuestionId: string | null }
  | { type: "prefer_strategy"; variantId: string; overVariantId: string; category: Category | null }
  | { type: "prepare_requirement"; requirement: string; question: string | null };

export type Priority = "high" | "medium" | "low";

export interface Recommendation {
  rank: number;
  priority: Priority;
  title: string;
  reason: string;
  evidence: Record<string, number | string | null>;
  action: RecommendationAction;
}

/** The saved target role's title, gaps and practice set, when the person saved one. */
export interface TargetRoleInput {
  title: string;
  gaps: readonly Gap[];
  practice: readonly PracticeItem[];
}

export interface RecommendationInput {
  target?: TargetRoleInput | null;
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

/** The weakest practised category of the last 30 days, and the first category not practised in that time. */
function fromCategories(input: RecommendationInput, out: Draft[]): void {
  const standings = categoryStandings(recentRecords(input.records, input.now));
  const practised = standings.filter((s) => s.accuracy !== null);
  const weakest = practised.length ? weakestCategory(practised) : null;
  if (weakest && weakest.accuracy !== null && weakest.accuracy < 0.75) {
    const question = questionInCategory(input.questions, input.cards, weakest.category);
    if (question) {
      out.push({
        priority: weakest.accuracy < 0.6 ? "high" : "medium",
        weight: Math.round((1 - weakest.accuracy) * 100),
        title: `Strengthen ${CATEGORY_TITLES[weakest.category]}`,
        reason: `Your weakest category over the last 30 days: mean accuracy ${pct(weakest.accuracy)} over ${weakest.attempts} attempts.`,
        evidence: { category: weakest.category, accuracy: Math.round(weakest.accuracy * 1000) / 1000, attempts: weakest.attempts, window: "30 days" },
        action: practiseAction(question),
      });
    }
  }
  const untouched = standings.find((s) => s.accuracy === null);
  const question = untouched && questionInCategory(input.questions, input.cards, untouched.category);
  if (untouched && question) {
    const fresh = input.records.length === 0;
    const title = CATEGORY_TITLES[untouched.category];
    out.push({
      priority: fresh ? "high" : "low",
      weight: fresh ? 90 : 20,
      title: `Start on ${title}`,
      reason: fresh
        ? "No practice recorded yet: answer one question to get your first scores."
        : `You have not practised ${title} in the last 30 days (${practised.length} of ${CATEGORIES.length} categories practised in that time).`,
      evidence: { category: untouched.category, attempts: 0, categoriesPractised: practised.length, window: "30 days" },
      action: practiseAction(question),
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
  const gaps = COMPETENCIES.filter((c) => !covered.has(c) && (probed.get(c)?.length ?? 0) > 0).sort(
    (a, b) => (probed.get(b)?.length ?? 0) - (probed.get(a)?.length ?? 0),
  );
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

/** The target role's must-have gaps, each with what to prepare and the practice that prepares it. */
function fromTargetRole(input: RecommendationInput, out: Draft[]): void {
  const target = input.target;
  if (!target) return;
  const byId = new Map(input.questions.map((q) => [q.id, q]));
  for (const gap of target.gaps.filter((g) => g.importance === "must").slice(0, 3)) {
    const banked = target.practice.find((p) => p.requirementId === gap.requirementId && p.questionId && byId.has(p.questionId));
    const competency = gap.kind === "competency" ? (gap.name as Competency) : null;
    const action: RecommendationAction = banked
      ? practiseAction(byId.get(banked.questionId!)!)
      : competency && gap.strength === "none"
        ? { type: "add_story", competency, exampleQuestionId: null }
        : {
            type: "prepare_requirement",
            requirement: gap.name,
            question: target.practice.find((p) => p.requirementId === gap.requirementId)?.question ?? null,
          };
    out.push({
      priority: gap.strength === "none" ? "high" : "medium",
      weight: gap.strength === "none" ? 60 : 40,
      title: `Prepare for ${target.title}: ${gap.name.replace(/-/g, " ")}`,
      reason: gap.prepare,
      evidence: { requirement: gap.name, kind: gap.kind, importance: gap.importance, evidence: gap.strength, closestStoryId: gap.closestStoryId },
      action,
    });
  }
}

/** A story told for too many different questions: interviewers discount the second telling. */
function fromStoryUse(input: RecommendationInput, out: Draft[]): void {
  for (const use of storyUse(input.records, input.stories)
    .filter((u) => u.overused)
    .slice(0, 2)) {
    const category = use.stretchedTo[0] ?? use.categories[0]!;
    const competency = CATEGORY_COMPETENCY[category];
    out.push({
      priority: "medium",
      weight: 20 + use.questions,
      title: `Rely less on "${use.title}"`,
      reason: overuseWarning(use),
      evidence: { storyId: use.storyId, questions: use.questions, categories: use.categories.length, stretchedTo: use.stretchedTo.join(", ") || null },
      action: { type: "add_story", competency, exampleQuestionId: input.questions.find((q) => q.category === category)?.id ?? null },
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
    const v = verdict(trials, pair[0], pair[1]);
    if (v.status === "insufficient_data" || v.confidence < 0.8 || v.winner === "tie") continue;
    const loser = v.winner === pair[1] ? pair[0] : pair[1];
    const where = category ? `${CATEGORY_TITLES[category]} questions` : "uncategorised questions";
    out.push({
      priority: v.status === "decided" ? "medium" : "low",
      weight: Math.round(v.confidence * 100),
      title: `Prefer ${v.winner} for ${where}`,
      reason:
        v.status === "decided"
          ? `Over ${v.tally.trials} trials ${v.winner} beat ${loser}: decided by the sequential test (always-valid p = ${v.alwaysValidPValue.toFixed(3)}), ${pct(v.confidence)} chance it is the better.`
          : `Over ${v.tally.trials} trials ${v.winner} leads ${loser} with ${pct(v.confidence)} posterior probability; not decided yet, so keep testing before relying on it.`,
      evidence: {
        trials: v.tally.trials,
        confidence: Math.round(v.confidence * 1000) / 1000,
        status: v.status,
        alwaysValidPValue: Math.round(v.alwaysValidPValue * 1000) / 1000,
        category,
      },
      action: { type: "prefer_strategy", variantId: v.winner, overVariantId: loser, category },
    });
  }
}

const FINDING_TITLES: Record<FindingKind, string> = {
  "no-practice": "Get back to practice",
  "weakest-category": "Strengthen your weakest category",
  "accuracy-drop": "Accuracy is falling",
  "slow-answers": "Answers run long",
  "low-story-coverage": "Anchor answers in your stories",
  "low-satisfaction": "Rehearse until it feels natural",
  "untouched-categories": "Broaden your practice",
};

/** Each finding of the monthly report once; its weakest category is already covered by fromCategories (same window). */
function fromReport(input: RecommendationInput, out: Draft[]): void {
  if (!input.report) return;
  for (const finding of input.report.recommendations) {
    // A new user's "start practising" is already the first recommendation from fromCategories.
    if (finding.kind === "weakest-category" || (finding.kind === "no-practice" && input.records.length === 0)) continue;
    const question = finding.category
      ? questionInCategory(input.questions, input.cards, finding.category)
      : choosePractice(input.questions, input.cards, input.records, input.now)?.question;
    if (!question) continue;
    out.push({
      priority: finding.priority,
      weight: 30,
      title: FINDING_TITLES[finding.kind],
      reason: finding.message,
      evidence: { ...finding.evidence, window: "30 days" },
      action: practiseAction(question),
    });
  }
}

/** Every recommendation comes from a named source of evidence; ranked by priority, then by its weight. */
export function personalisedRecommendations(input: RecommendationInput, limit: number): Recommendation[] {
  const drafts: Draft[] = [];
  fromSchedule(input, drafts);
  fromTargetRole(input, drafts);
  fromCategories(input, drafts);
  fromExperiments(input, drafts);
  fromReport(input, drafts);
  fromStories(input, drafts);
  fromStoryUse(input, drafts);
  return drafts
    .map((d, order) => ({ d, order }))
    .sort((a, b) => PRIORITY_WEIGHT[b.d.priority] + b.d.weight - (PRIORITY_WEIGHT[a.d.priority] + a.d.weight) || a.order - b.order)
    .slice(0, limit)
    .map(({ d }, i) => ({ rank: i + 1, priority: d.priority, title: d.title, reason: d.reason, evidence: d.evidence, action: d.action }));
}
