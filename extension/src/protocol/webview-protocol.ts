/**
 * The one protocol between the extension host and its webviews: a request map
 * (method → [params, result]), notifications from the host, and guards for every inbound
 * message. Pure TypeScript: imported by both sides, no `vscode`, no DOM.
 */
import type { z } from "zod";
import type { recommendStrategyOutput, ResponseSource, runAbTestOutput } from "../../../mcp-server/src/contracts/experiments.js";
import type { listQuestionsOutput } from "../../../mcp-server/src/contracts/practice.js";
import type { getAnalyticsReportOutput, getNextMilestonesOutput, getRecommendationsOutput, Period } from "../../../mcp-server/src/contracts/progress.js";
import type { listVariantsOutput } from "../../../mcp-server/src/contracts/answers.js";
import type { analyzeJobFitOutput } from "../../../mcp-server/src/contracts/job-fit.js";
import type { Category } from "../../../mcp-server/src/contracts/common.js";

export type { Period, ResponseSource };
export type AnalyticsReport = z.output<typeof getAnalyticsReportOutput>;
export type AbTestResult = z.output<typeof runAbTestOutput>;
export type QuestionList = z.output<typeof listQuestionsOutput>;
export type Recommendations = z.output<typeof getRecommendationsOutput>;
export type Milestones = z.output<typeof getNextMilestonesOutput>;
export type Variants = z.output<typeof listVariantsOutput>;
export type StrategyRecommendation = z.output<typeof recommendStrategyOutput>;
export type JobFit = z.output<typeof analyzeJobFitOutput>;

/** What the Job Fit view shows: this window's latest analysis, else the saved target role. */
export interface JobFitState {
  analysis: JobFit | null;
  /** The analysis shown is the saved target role. */
  saved: boolean;
  savedAt: string | null;
}

export interface AbRunParams {
  question: string;
  questionId?: string;
  controlVariantId: string;
  testVariantId: string;
}

/** Two answers to open side by side in the diff editor, where the person's pick is recorded. */
export interface CompareParams {
  question: string;
  questionId?: string;
  controlVariantId: string;
  testVariantId: string;
  controlResponse: string;
  testResponse: string;
  source: ResponseSource;
}

export interface RequestMap {
  "dashboard/report": [{ period: Period }, AnalyticsReport];
  "ab/variants": [Record<string, never>, Variants];
  "ab/questions": [Record<string, never>, QuestionList];
  "ab/run": [AbRunParams, AbTestResult];
  /** The strategy to try next for a question category, by Thompson sampling over the recorded trials. */
  "ab/recommend": [{ category?: Category }, StrategyRecommendation];
  "ab/compareInEditor": [CompareParams, { opened: boolean }];
  "recommendations/get": [{ limit: number }, Recommendations];
  "milestones/get": [{ count: number }, Milestones];
  /** A bank question by id, a question the Job Fit practice set generated from the posting, or (neither) the next one due. */
  "practice/start": [{ questionId?: string; generated?: { question: string; category: Category; lookFor: string } }, { started: boolean }];
  "jobFit/get": [Record<string, never>, JobFitState];
  /** Runs Analyze Job Description on the active editor. */
  "jobFit/analyze": [Record<string, never>, { started: boolean }];
  "jobFit/saveTarget": [Record<string, never>, JobFitState];
  "jobFit/clearTarget": [Record<string, never>, JobFitState];
}
export type Method = keyof RequestMap;
export type ParamsOf<M extends Method> = RequestMap[M][0];
export type ResultOf<M extends Method> = RequestMap[M][1];

export type ServerStatus = "connecting" | "ready" | "error" | "stopped";

export interface NotificationMap {
  "server/status": { status: ServerStatus; message: string | null };
  /** Practice data changed (a record, a trial, a deletion): views reload what they show. */
  "data/changed": { reason: string };
}
export type NotificationMethod = keyof NotificationMap;

export interface RequestMessage<M extends Method = Method> {
  type: "request";
  id: number;
  method: M;
  params: ParamsOf<M>;
}

export type ResponseMessage =
  | { type: "response"; id: number; ok: true; result: unknown }
  | { type: "response"; id: number; ok: false; error: string };

export interface NotificationMessage<N extends NotificationMethod = NotificationMethod> {
  type: "notification";
  method: N;
  params: NotificationMap[N];
}

const METHODS: readonly Method[] = [
  "dashboard/report",
  "ab/variants",
  "ab/questions",
  "ab/run",
  "ab/recommend",
  "ab/compareInEditor",
  "recommendations/get",
  "milestones/get",
  "practice/start",
  "jobFit/get",
  "jobFit/analyze",
  "jobFit/saveTarget",
  "jobFit/clearTarget",
];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every message from a webview passes this before the host acts on it. */
export function isRequestMessage(value: unknown): value is RequestMessage {
  return (
    isRecord(value) &&
    value.type === "request" &&
    Number.isSafeInteger(value.id) &&
    typeof value.method === "string" &&
    (METHODS as readonly string[]).includes(value.method) &&
    isRecord(value.params)
  );
}

export function isResponseMessage(value: unknown): value is ResponseMessage {
  return isRecord(value) && value.type === "response" && Number.isSafeInteger(value.id) && typeof value.ok === "boolean";
}

export function isNotificationMessage(value: unknown): value is NotificationMessage {
  return isRecord(value) && value.type === "notification" && typeof value.method === "string" && isRecord(value.params);
}
