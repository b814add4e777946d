import { z } from "zod";
// The scoring module, not the rubric's entry point: webviews type-check against this contract.
import { weightsFor } from "../domain/rubric/index.js";
import { BAND_FLOORS, bandOf, DIMENSION_WEIGHTS, DIMENSIONS, type Band, type Dimension } from "../domain/rubric/score.js";
import { errorMessage } from "../errors.js";

/**
 * The optional model judge: a language model grades the rubric's six dimensions, quoting the
 * answer for each. It sits beside the rubric and never replaces it: the rubric's score is the one
 * recorded as accuracy, the model's is stored next to it under the model's name.
 */

/** Beyond this many points apart, the two grades are flagged as a disagreement. */
export const DISAGREEMENT_POINTS = 15;

const DIMENSION_GUIDE: Record<Dimension, string> = {
  structure: "a situation, the task, the candidate's own actions and a result, told in an order a listener can follow",
  relevance:
    "answers what the question asks: the competency it probes and the kind of example it asks for (a failure, a conflict, a decision…), not just its words",
  specificity: "concrete details: names, numbers, measured results, rather than generalities",
  ownership: "what the candidate personally did and decided, in the first person, not only what 'we' did or what they would do",
  conciseness: "about one to two and a half minutes spoken (150–350 words), without filler",
  clarity: "sentences a listener can follow, signposted, without run-ons or filler",
};

export interface ModelJudgePrompt {
  system: string;
  user: string;
}

export function modelJudgePrompt(input: { question: string; answer: string; competencies?: readonly string[] }): ModelJudgePrompt {
  const dimensions = DIMENSIONS.map((d) => `- ${d}: ${DIMENSION_GUIDE[d]}`).join("\n");
  const probes = input.competencies?.length ? `\nThe question probes: ${input.competencies.join(", ")}.` : "";
  return {
    system:
      "You are a careful senior interviewer grading one behavioural interview answer. Grade each dimension from 0 to 100 " +
      `(the rubric's bands: under ${BAND_FLOORS.developing} weak, ${BAND_FLOORS.developing}–${BAND_FLOORS.good - 1} developing, ${BAND_FLOORS.good}–${BAND_FLOORS.strong - 1} good, ${BAND_FLOORS.strong} and up strong). For every dimension, quote the answer: copy a short ` +
      "passage of it exactly, word for word, as the evidence for your grade. Reply with JSON only, no prose around it.",
    user:
      `Dimensions:\n${dimensions}\n\nQuestion: ${input.question}${probes}\n\nAnswer:\n"""\n${input.answer}\n"""\n\n` +
      `Reply as: {"dimensions": {${DIMENSIONS.map((d) => `"${d}": {"score": 0-100, "quote": "exact words from the answer", "reason": "one sentence"}`).join(", ")}}}`,
  };
}

const gradeSchema = z.object({
  score: z.number().min(0).max(100),
  quote: z.string().trim().min(1, "must quote the answer"),
  reason: z.string().max(1_000).default(""),
});

export const modelReplySchema = z.object({
  dimensions: z.object(Object.fromEntries(DIMENSIONS.map((d) => [d, gradeSchema])) as Record<Dimension, typeof gradeSchema>),
});

export const modelJudgementSchema = z.object({
  judge: z.string().describe("The model that graded, by name"),
  overall: z.number().min(0).max(100).describe("The model's dimensions weighted as the rubric weighs its own"),
  band: z.enum(["weak", "developing", "good", "strong"]),
  dimensions: z.object(
    Object.fromEntries(DIMENSIONS.map((d) => [d, z.object({ score: z.number(), quote: z.string(), reason: z.string() })])) as Record<
      Dimension,
      z.ZodObject<{ score: z.ZodNumber; quote: z.ZodString; reason: z.ZodString }>
    >,
  ),
});
export type ModelJudgement = z.infer<typeof modelJudgementSchema>;

export type ParsedJudgement = { ok: true; judgement: ModelJudgement } | { ok: false; reason: string };

/** Quotes are compared with case, spacing, typographic quotes and dashes folded, so a faithful copy matches. */
function fold(text: string): string {
  return text.toLowerCase().replace(/[‘’`]/g, "'").replace(/[“”]/g, '"').replace(/[–—]/g, "-").replace(/\s+/g, " ").trim();
}

/** A quote is evidence only when each of its parts (split at an ellipsis) appears in the answer. */
export function quoteIsInAnswer(quote: string, answer: string): boolean {
  const haystack = fold(answer);
  const parts = quote
    .split(/…|\.\.\./)
    .map((p) =>
      fold(p)
        .replace(/^["']|["']$/g, "")
        .trim(),
    )
    .filter((p) => p.length > 0);
  return parts.length > 0 && parts.every((p) => haystack.includes(p));
}

/** The first JSON object in the reply: models often wrap it in a code fence or a sentence. */
function firstJsonObject(reply: string): unknown {
  const start = reply.indexOf("{");
  const end = reply.lastIndexOf("}");
  if (start < 0 || end <= start) throw new Error("no JSON object in the reply");
  return JSON.parse(reply.slice(start, end + 1));
}

/** The model's overall is weighted as the rubric weighs the same question, so the two are comparable. */
export function weightedOverall(scores: Record<Dimension, number>, weights: Record<Dimension, number> = DIMENSION_WEIGHTS): number {
  let total = 0;
  for (const d of DIMENSIONS) total += weights[d] * scores[d];
  return Math.round(total);
}

/** Reads a model's reply; a grade without a quote found in the answer rejects the whole judgement. */
export function parseModelJudgement(reply: string, answer: string, judge: string, weights: Record<Dimension, number> = DIMENSION_WEIGHTS): ParsedJudgement {
  let raw: unknown;
  try {
    raw = firstJsonObject(reply);
  } catch (error) {
    return { ok: false, reason: `The model's reply was not JSON (${(error as Error).message}).` };
  }
  const parsed = modelReplySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `The model's reply is incomplete: ${issue?.path.join(".") || "reply"} ${issue?.message ?? "is invalid"}.` };
  }
  const grades = parsed.data.dimensions;
  const unquoted = DIMENSIONS.filter((d) => !quoteIsInAnswer(grades[d].quote, answer));
  if (unquoted.length) return { ok: false, reason: `The model's evidence for ${unquoted.join(", ")} does not quote the answer, so its grade is not used.` };
  const scores = Object.fromEntries(DIMENSIONS.map((d) => [d, Math.round(grades[d].score)])) as Record<Dimension, number>;
  const overall = weightedOverall(scores, weights);
  const dimensions = Object.fromEntries(
    DIMENSIONS.map((d) => [d, { score: scores[d], quote: grades[d].quote, reason: grades[d].reason }]),
  ) as ModelJudgement["dimensions"];
  return { ok: true, judgement: { judge, overall, band: bandOf(overall) as Band, dimensions } };
}

export interface JudgeComparison {
  /** The model's overall minus the rubric's. */
  difference: number;
  disagreement: boolean;
  summary: string;
}

export function compareWithRubric(rubricOverall: number, model: ModelJudgement): JudgeComparison {
  const difference = model.overall - rubricOverall;
  const disagreement = Math.abs(difference) > DISAGREEMENT_POINTS;
  const gap = Math.abs(difference);
  const summary = disagreement
    ? `The rubric gives ${rubricOverall} and ${model.judge} gives ${model.overall}: they disagree by ${gap} points. The rubric's score is the one recorded.`
    : `The rubric gives ${rubricOverall} and ${model.judge} gives ${model.overall}: they agree within ${gap} point${gap === 1 ? "" : "s"}.`;
  return { difference, disagreement, summary };
}

/** What evaluate_response reports of the model judge it was asked for. */
export const modelJudgeOutcomeSchema = z.discriminatedUnion("status", [
  modelJudgementSchema.extend({
    status: z.literal("graded"),
    difference: z.number().describe("The model's overall minus the rubric's"),
    disagreement: z.boolean().describe(`true when the two overall scores are more than ${DISAGREEMENT_POINTS} points apart`),
    summary: z.string(),
  }),
  z.object({ status: z.enum(["unavailable", "rejected"]), reason: z.string() }),
]);
export type ModelJudgeOutcome = z.infer<typeof modelJudgeOutcomeSchema>;

/** Asks a model (through whatever the caller offers) and checks its reply against the answer. */
export async function judgeWithModel(
  ask: ((prompt: ModelJudgePrompt) => Promise<{ text: string; model: string }>) | null,
  input: { question: string; answer: string; competencies?: readonly string[]; rubricOverall: number },
  unavailable = "No language model is available to grade beside the rubric.",
): Promise<ModelJudgeOutcome> {
  if (!ask) return { status: "unavailable", reason: unavailable };
  let reply: { text: string; model: string };
  try {
    reply = await ask(modelJudgePrompt(input));
  } catch (error) {
    return { status: "unavailable", reason: `The language model could not be asked: ${errorMessage(error)}` };
  }
  const parsed = parseModelJudgement(reply.text, input.answer, reply.model, weightsFor(input.question));
  if (!parsed.ok) return { status: "rejected", reason: parsed.reason };
  return { status: "graded", ...parsed.judgement, ...compareWithRubric(input.rubricOverall, parsed.judgement) };
}
