/**
 * The one protocol between the extension host and its webviews: requests (params from the schemas
 * in webview-requests.ts, results here), notifications from the host, and guards for the messages
 * a webview receives. Pure TypeScript: imported by both sides, no `vscode`, no DOM.
 */
import type { z } from "zod";
import type { recommendStrategyOutput, ResponseSource, runAbTestOutput } from "#contracts/experiments.js";
import type { listQuestionsOutput } from "#contracts/practice.js";
import type { getAnalyticsReportOutput, getNextMilestonesOutput, getRecommendationsOutput, Period } from "#contracts/progress.js";
import type { listVariantsOutput } from "#contracts/answers.js";
import type { analyzeJobFitOutput } from "#contracts/job-fit.js";
import type { REQUEST_PARAMS } from "./webview-requests.js";

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

/** What each request answers; its params are declared once, as schemas, in webview-requests.ts. */
interface ResultMap {
  "dashboard/report": AnalyticsReport;
  "ab/variants": Variants;
  "ab/questions": QuestionList;
  "ab/run": AbTestResult;
  "ab/recommend": StrategyRecommendation;
  "ab/compareInEditor": { opened: boolean };
  "recommendations/get": Recommendations;
  "milestones/get": Milestones;
  "practice/start": { started: boolean };
  "jobFit/get": JobFitState;
  "jobFit/analyze": { started: boolean };
  "jobFit/saveTarget": JobFitState;
  "jobFit/clearTarget": JobFitState;
}

type Requests = typeof REQUEST_PARAMS;
export type Method = keyof Requests;
/** What a webview sends. */
export type ParamsOf<M extends Method> = z.input<Requests[M]>;
/** What the host's handler receives, once checked. */
export type CheckedParamsOf<M extends Method> = z.output<Requests[M]>;
export type ResultOf<M extends Method> = ResultMap[M];
export type CompareParams = CheckedParamsOf<"ab/compareInEditor">;

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

export type ResponseMessage = { type: "response"; id: number; ok: true; result: unknown } | { type: "response"; id: number; ok: false; error: string };

export interface NotificationMessage<N extends NotificationMethod = NotificationMethod> {
  type: "notification";
  method: N;
  params: NotificationMap[N];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

export function isResponseMessage(value: unknown): value is ResponseMessage {
  return isRecord(value) && value.type === "response" && Number.isSafeInteger(value.id) && typeof value.ok === "boolean";
}

export function isNotificationMessage(value: unknown): value is NotificationMessage {
  return isRecord(value) && value.type === "notification" && typeof value.method === "string" && isRecord(value.params);
}
