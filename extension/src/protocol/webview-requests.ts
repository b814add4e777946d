/**
 * The webview requests' parameters, as zod schemas: the one declaration of them. The host checks
 * every message against these (a webview message is input like any other); the protocol's types
 * are inferred from them. Imported as a value by the host only, so the webviews bundle no zod.
 */
// A namespace import of zod/v4 (the same zod 4 as "zod") lets esbuild drop what this file does not use, its locales among it.
import * as z from "zod/v4";
import { categorySchema } from "#contracts/common.js";
import { responseSourceSchema } from "#contracts/experiments.js";
import { periodSchema } from "#contracts/progress.js";

const question = z.string().trim().min(1).max(1_000);
const questionId = z.string().max(100).optional();
const variantId = z.string().min(1).max(64);
const none = z.object({});

/** The pair an A/B run judges: a question and the two strategies. */
const abRun = z.object({ question, questionId, controlVariantId: variantId, testVariantId: variantId });

export const REQUEST_PARAMS = {
  "dashboard/report": z.object({ period: periodSchema }),
  "ab/variants": none,
  "ab/questions": none,
  "ab/run": abRun,
  /** The strategy to try next for a question category, by Thompson sampling over the recorded trials. */
  "ab/recommend": z.object({ category: categorySchema.optional() }),
  /** Two answers to open side by side in the diff editor, where the person's pick is recorded. */
  "ab/compareInEditor": abRun.extend({
    controlResponse: z.string().min(1).max(20_000),
    testResponse: z.string().min(1).max(20_000),
    source: responseSourceSchema,
  }),
  "recommendations/get": z.object({ limit: z.number().int().min(1).max(50) }),
  "milestones/get": z.object({ count: z.number().int().min(1).max(30) }),
  /** A bank question by id, a question the Job Fit practice set generated from the posting, or (neither) the next one due. */
  "practice/start": z.object({
    questionId,
    generated: z.object({ question, category: categorySchema, lookFor: z.string().max(1_000) }).optional(),
  }),
  "jobFit/get": none,
  /** Runs Analyze Job Description on the active editor. */
  "jobFit/analyze": none,
  "jobFit/saveTarget": none,
  "jobFit/clearTarget": none,
};

type Requests = typeof REQUEST_PARAMS;
export type RequestMethod = keyof Requests;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every message from a webview passes this before the host acts on it; handleRequest then checks its params. */
export function isRequestMessage(value: unknown): value is { type: "request"; id: number; method: RequestMethod; params: Record<string, unknown> } {
  return (
    isRecord(value) &&
    value.type === "request" &&
    Number.isSafeInteger(value.id) &&
    typeof value.method === "string" &&
    Object.hasOwn(REQUEST_PARAMS, value.method) &&
    isRecord(value.params)
  );
}

/** The request's params checked against its schema, or an error naming the field and the rule. */
export function parseRequestParams<M extends RequestMethod>(method: M, params: unknown): z.output<Requests[M]> {
  const parsed = REQUEST_PARAMS[method].safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid ${method} request: ${issue?.path.join(".") || "params"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data as z.output<Requests[M]>;
}
