/**
 * What the @coach participant makes of a request and its chat history: which command runs, and
 * whether this message answers a question it asked. Pure: no vscode, so plain mocha tests it.
 */
import * as z from "zod/v4";
import { categorySchema, type Category } from "#contracts/common.js";
import { periodSchema, type Period } from "#contracts/progress.js";

export const COACH_COMMANDS = ["practice", "ab", "report", "next"] as const;
export type CoachCommand = (typeof COACH_COMMANDS)[number];

/** What a reply was, kept in the chat result's metadata, where the history gives it back. */
export type ReplyKind = "asked" | "scored" | "ab" | "report" | "next" | "help" | "error";

/** The question a /practice turn asked; the next message in the chat is its answer. */
export const askedQuestionSchema = z.strictObject({
  questionId: z.string().nullable(),
  question: z.string().min(1),
  category: categorySchema,
  lookFor: z.string(),
  askedAt: z.iso.datetime({ offset: true }),
});
export type AskedQuestion = z.output<typeof askedQuestionSchema>;

export interface CoachMetadata {
  kind: ReplyKind;
  /** Set on "asked" replies only. */
  asked?: AskedQuestion;
  /** The question an /ab reply compared strategies on, so a followup runs the next trial on it. */
  abQuestion?: string;
}

/** One turn of the chat, as the participant needs it (the vscode adapter maps VS Code's turn classes to these). */
export type Turn = { kind: "request"; command: string | undefined; prompt: string } | { kind: "response"; metadata: unknown };

export type Intent =
  | { kind: "ask"; category: Category | null }
  | { kind: "answer"; asked: AskedQuestion; answer: string }
  | { kind: "ab"; question: string | null }
  | { kind: "report"; period: Period }
  | { kind: "next" }
  | { kind: "help" }
  | { kind: "invalid"; message: string };

/** The question the chat's last reply asked, if the last reply asked one. */
export function pendingQuestion(history: readonly Turn[]): AskedQuestion | null {
  const last = history.at(-1);
  if (last?.kind !== "response" || typeof last.metadata !== "object" || last.metadata === null) return null;
  const metadata = last.metadata as { kind?: unknown; asked?: unknown };
  if (metadata.kind !== "asked") return null;
  const asked = askedQuestionSchema.safeParse(metadata.asked);
  return asked.success ? asked.data : null;
}

/** Reads the request: /practice's prompt is an answer when the last reply asked a question, else a category to practise. */
export function intentOf(command: string | undefined, prompt: string, history: readonly Turn[]): Intent {
  const text = prompt.trim();
  const asked = pendingQuestion(history);
  switch (command) {
    case "practice":
      if (asked && text) return { kind: "answer", asked, answer: text };
      return categoryIntent(text);
    case "ab":
      return { kind: "ab", question: text || null };
    case "report": {
      if (!text) return { kind: "report", period: "weekly" };
      const period = periodSchema.safeParse(text.toLowerCase());
      return period.success
        ? { kind: "report", period: period.data }
        : { kind: "invalid", message: `The report's period ${period.error.issues[0]?.message ?? "is not known"}, not "${text}".` };
    }
    case "next":
      return { kind: "next" };
    case undefined:
      return asked && text ? { kind: "answer", asked, answer: text } : { kind: "help" };
    default:
      return { kind: "invalid", message: `@coach has no /${command} command; it has ${COACH_COMMANDS.map((c) => `/${c}`).join(", ")}.` };
  }
}

function categoryIntent(text: string): Intent {
  if (!text) return { kind: "ask", category: null };
  const category = categorySchema.safeParse(text.toLowerCase().replace(/\s+/g, "-"));
  return category.success
    ? { kind: "ask", category: category.data }
    : {
        kind: "invalid",
        message: `/practice takes a category or nothing: the category ${category.error.issues[0]?.message ?? "is not known"} (not "${text}").`,
      };
}

/** What a rating button hands the record command: the answer itself, scored again by the rubric when it is recorded. */
export const ratedAnswerSchema = z.strictObject({
  asked: askedQuestionSchema,
  answer: z.string().trim().min(1, { error: "must not be empty" }),
  responseTime: z.number().min(0).max(86_400),
  satisfaction: z.number().int().min(1).max(5),
});
export type RatedAnswer = z.output<typeof ratedAnswerSchema>;

/** Seconds from the question to its answer, as the practice editor's timer counts them (capped at the store's day). */
export function secondsBetween(askedAt: string, answeredAt: number): number {
  return Math.min(86_400, Math.max(0, Math.round((answeredAt - Date.parse(askedAt)) / 1000)));
}

export interface Followup {
  label: string;
  prompt: string;
  command: CoachCommand;
}

/** The followups offered under a reply, by what the reply was. */
export function followupsFor(metadata: CoachMetadata | undefined): Followup[] {
  const practise: Followup = { label: "Next question", prompt: "", command: "practice" };
  const report: Followup = { label: "My weekly report", prompt: "", command: "report" };
  const next: Followup = { label: "What should I work on next?", prompt: "", command: "next" };
  switch (metadata?.kind) {
    case "asked":
      return [{ label: "Skip: another question", prompt: "", command: "practice" }];
    case "scored":
      return [practise, report];
    case "ab":
      return [{ label: "Run another trial on this question", prompt: metadata.abQuestion ?? "", command: "ab" }, next];
    case "report":
      return [next, practise];
    case "next":
      return [practise, report];
    default:
      return [practise, report, next];
  }
}
