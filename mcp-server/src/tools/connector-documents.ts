import MiniSearch from "minisearch";
import type { CoachContext } from "../context.js";
import { analyticsReport, PERIODS, type AnalyticsReport, type Period } from "../domain/analytics.js";
import type { Question, Story } from "../domain/types.js";
import { CoachInputError } from "../errors.js";
import { cardView } from "./lookups.js";

/** Where documents link to: the server's public URL, known once it listens. */
export interface ConnectorLinks {
  baseUrl(): string;
}

/** The ChatGPT connector's document shape (fetch); search returns id, title and url of each. */
export interface ConnectorDocument {
  id: string;
  title: string;
  text: string;
  url: string;
  metadata: Record<string, unknown>;
}

const PERIOD_WORDS: Record<Period, string> = { daily: "the last 24 hours", weekly: "the last 7 days", monthly: "the last 30 days" };

interface Entry {
  id: string;
  title: string;
  body: string;
  keywords: string;
}

export const DOCUMENT_ID = /^(story|question|report):([a-z0-9][a-z0-9-]{0,127})$/;

export function documentUrl(links: ConnectorLinks, id: string): string {
  const [kind, key] = id.split(":") as [string, string];
  if (kind === "report") return `${links.baseUrl()}/api/v1/analytics/${key}`;
  return `${links.baseUrl()}/api/v1/${kind === "story" ? "stories" : "questions"}/${encodeURIComponent(key)}`;
}

const titleOfReport = (period: Period) => `${period[0]!.toUpperCase()}${period.slice(1)} analytics report`;

function entries(stories: readonly Story[], questions: readonly Question[]): Entry[] {
  return [
    ...stories.map((s) => ({
      id: `story:${s.id}`,
      title: s.title,
      body: [s.situation, s.task, s.action, s.result, s.learnings ?? "", s.metrics.join(" ")].join(" "),
      keywords: [...s.competencies, ...s.tags].join(" ").replace(/-/g, " "),
    })),
    ...questions.map((q) => ({
      id: `question:${q.id}`,
      title: q.text,
      body: q.lookFor,
      keywords: [q.category, ...q.competencies].join(" ").replace(/-/g, " "),
    })),
    ...PERIODS.map((p) => ({
      id: `report:${p}`,
      title: titleOfReport(p),
      body: `Practice analytics over ${PERIOD_WORDS[p]}: attempts, accuracy, story coverage, satisfaction, response time, streak, weakest category, trend, progress and recommendations.`,
      keywords: `${p} analytics report progress statistics`,
    })),
  ];
}

// The twin's stories array is replaced when the file changes, so the index follows edits.
const indexes = new WeakMap<readonly Story[], MiniSearch<Entry>>();

function indexFor(stories: readonly Story[], questions: readonly Question[]): MiniSearch<Entry> {
  let index = indexes.get(stories);
  if (!index) {
    index = new MiniSearch<Entry>({
      fields: ["title", "keywords", "body"],
      storeFields: ["title"],
      searchOptions: { boost: { title: 3, keywords: 2 }, prefix: true, fuzzy: 0.15 },
    });
    index.addAll(entries(stories, questions));
    indexes.set(stories, index);
  }
  return index;
}

/** Stories, bank questions and reports ranked by MiniSearch (BM25 with prefix and fuzzy matching, title and tag boosts). */
export function searchDocuments(context: CoachContext, links: ConnectorLinks, query: string, limit: number): { id: string; title: string; url: string }[] {
  return indexFor(context.twin().stories, context.questions)
    .search(query, { combineWith: "OR" })
    .slice(0, limit)
    .map((hit) => ({ id: String(hit.id), title: String(hit.title), url: documentUrl(links, String(hit.id)) }));
}

function storyDocument(story: Story): Omit<ConnectorDocument, "url"> {
  const parts = [`# ${story.title}`, `Competencies: ${story.competencies.join(", ")}`];
  if (story.tags.length) parts.push(`Tags: ${story.tags.join(", ")}`);
  if (story.metrics.length) parts.push(`Metrics: ${story.metrics.join("; ")}`);
  for (const [heading, text] of [
    ["Situation", story.situation],
    ["Task", story.task],
    ["Action", story.action],
    ["Result", story.result],
    ["Learnings", story.learnings],
  ] as const) {
    if (text) parts.push(`## ${heading}\n${text}`);
  }
  return {
    id: `story:${story.id}`,
    title: story.title,
    text: parts.join("\n\n"),
    metadata: { type: "story", competencies: story.competencies, tags: story.tags, metrics: story.metrics },
  };
}

async function questionDocument(question: Question, context: CoachContext): Promise<Omit<ConnectorDocument, "url">> {
  const card = cardView((await context.store.cards()).find((c) => c.questionId === question.id));
  const practice = card ? `Practised ${card.reps} time(s); next review due ${card.due}; last score ${card.lastScore ?? "none"}.` : "Not practised yet.";
  return {
    id: `question:${question.id}`,
    title: question.text,
    text: [
      question.text,
      `Category: ${question.category}`,
      `Competencies: ${question.competencies.join(", ")}`,
      `What a strong answer shows: ${question.lookFor}`,
      practice,
    ].join("\n\n"),
    metadata: { type: "question", category: question.category, competencies: question.competencies, kind: question.kind, card },
  };
}

const pct = (value: number | null) => (value === null ? "no data" : `${Math.round(value * 100)}%`);

function reportText(report: AnalyticsReport): string {
  const { current } = report;
  const lines = [`${titleOfReport(report.period)} for ${current.from} to ${current.to}`];
  if (current.empty) lines.push("No practice recorded in this window.");
  else {
    lines.push(
      `Attempts: ${current.attempts}; accuracy ${pct(current.accuracy)}; story coverage ${pct(current.storyCoverage)}; satisfaction ${current.satisfaction?.toFixed(1) ?? "no data"} / 5.`,
    );
    if (current.responseTime) lines.push(`Response time: mean ${Math.round(current.responseTime.mean)} s, median ${Math.round(current.responseTime.p50)} s.`);
  }
  if (report.change)
    lines.push(
      `Against the window before: ${report.change.attempts >= 0 ? "+" : ""}${report.change.attempts} attempts, accuracy ${report.change.accuracy === null ? "not comparable" : `${report.change.accuracy >= 0 ? "+" : ""}${Math.round(report.change.accuracy * 100)} points`}.`,
    );
  if (report.weakestCategory)
    lines.push(
      `Weakest category: ${report.weakestCategory.category} (${pct(report.weakestCategory.accuracy)} over ${report.weakestCategory.attempts} attempts).`,
    );
  lines.push(`Streak: ${report.streakDays} day(s).`);
  for (const r of report.recommendations) lines.push(`Recommendation (${r.priority}): ${r.message}`);
  return lines.join("\n");
}

/** One document in full; an unknown id is the caller's mistake, named as such. */
export async function fetchDocument(context: CoachContext, links: ConnectorLinks, id: string): Promise<ConnectorDocument> {
  const [kind, key] = id.split(":") as [string, string];
  let document: Omit<ConnectorDocument, "url">;
  if (kind === "story") {
    const story = context.twin().stories.find((s) => s.id === key);
    if (!story) throw new CoachInputError("id", `no story "${key}" in the twin; search lists the ids`);
    document = storyDocument(story);
  } else if (kind === "question") {
    const question = context.questions.find((q) => q.id === key);
    if (!question) throw new CoachInputError("id", `no question "${key}" in the bank; search lists the ids`);
    document = await questionDocument(question, context);
  } else {
    if (!(PERIODS as readonly string[]).includes(key))
      throw new CoachInputError("id", `reports are report:daily, report:weekly or report:monthly; got "${id}"`);
    const report = analyticsReport(await context.store.performance(), {
      period: key as Period,
      now: context.now(),
      utcOffsetMinutes: context.utcOffsetMinutes(),
    });
    const { trend: _trend, ...summary } = report;
    document = { id, title: titleOfReport(report.period), text: reportText(report), metadata: { type: "report", ...summary } };
  }
  return { ...document, url: documentUrl(links, id) };
}
