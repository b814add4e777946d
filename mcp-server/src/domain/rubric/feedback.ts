import type { Competency } from "../vocabulary.js";
import { STOPWORDS } from "./lexicon.js";
import type { Dimension, StarScores } from "./score.js";
import type { Signals } from "./signals.js";
import { excerpt, type PhraseHit } from "./text.js";

export interface FeedbackLine {
  kind: "strength" | "improve";
  dimension: Dimension;
  message: string;
  /** The words of the answer the line is about, when there are any. */
  quote: string | null;
}

function quoteOf(signals: Signals, hit: PhraseHit): string {
  return excerpt(signals.text, hit.index, hit.phrase.length);
}

function countBy(hits: PhraseHit[]): string {
  const counts = new Map<string, number>();
  for (const h of hits) counts.set(h.phrase.toLowerCase(), (counts.get(h.phrase.toLowerCase()) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([p, n]) => `"${p}" ×${n}`)
    .join(", ");
}

export function buildFeedback(signals: Signals, star: StarScores, dimensions: Record<Dimension, number>, competencies: readonly Competency[]): FeedbackLine[] {
  const lines: FeedbackLine[] = [];
  const english = signals.words.filter((w) => STOPWORDS.has(w)).length / Math.max(1, signals.words.length);
  if (signals.words.length >= 20 && english < 0.15) {
    lines.push({
      kind: "improve",
      dimension: "relevance",
      message: "This rubric reads English answers; the scores of an answer in another language are not meaningful.",
      quote: null,
    });
  }
  const improve = (dimension: Dimension, message: string, quote: string | null = null) => lines.push({ kind: "improve", dimension, message, quote });
  const strength = (dimension: Dimension, message: string, quote: string | null = null) => lines.push({ kind: "strength", dimension, message, quote });
  const wordCount = signals.words.length;
  const first = signals.sentences[0];
  const last = signals.sentences[signals.sentences.length - 1];

  if (wordCount < 70) {
    improve(
      "conciseness",
      `At ${wordCount} words this is too short to show a situation, your actions and a result (the score is capped at ${wordCount < 50 ? 39 : 59}); aim for 150–350 words.`,
      first ? first.text : null,
    );
  } else if (wordCount > 350) {
    improve(
      "conciseness",
      `At ${wordCount} words (about ${Math.round((wordCount / 150) * 10) / 10} minutes spoken) this runs long; cut background and keep to 150–350 words.`,
    );
  }
  const hypothetical = signals.hypotheticals[0];
  if (hypothetical) {
    improve(
      "ownership",
      `This describes what you would do, not what you did. Replace it with a real example told in the past tense.`,
      quoteOf(signals, hypothetical),
    );
  }
  const teamAction = signals.teamActions[0];
  if (signals.teamVoice > signals.firstPerson && teamAction) {
    improve(
      "ownership",
      `The story is told as "we" (${signals.teamVoice} times against ${signals.firstPerson} "I"). Say which decisions and actions were yours.`,
      quoteOf(signals, teamAction),
    );
  } else if (signals.ownActions.length >= 3) {
    const own = signals.ownActions[0];
    strength("ownership", `Clear ownership: ${signals.ownActions.length} actions told in the first person.`, own ? quoteOf(signals, own) : null);
  }
  if (star.situation === 0) improve("structure", "Open with the situation: where you were, when, and what was at stake.", first ? first.text : null);
  if (star.task === 0) improve("structure", 'State your task or goal in one sentence ("My goal was…", "I was responsible for…").');
  if (star.action === 0 && !hypothetical) improve("structure", 'Add the steps you took yourself, each starting with "I" and a past-tense verb.');
  if (star.result === 0) {
    improve("structure", "End with the result: what changed because of your actions, and by how much.", last ? last.text : null);
  }
  const quantity = signals.quantities[0];
  if (!quantity) {
    improve("specificity", "No numbers: add a measured result (time saved, error rate, revenue, users, latency) to make the impact concrete.");
  } else if (star.result >= 80) {
    strength("specificity", "A measured result makes the impact concrete.", quoteOf(signals, quantity));
  }
  if (signals.fillers.length >= 3) {
    const firstFiller = signals.fillers[0];
    improve("clarity", `Cut the fillers: ${countBy(signals.fillers)}.`, firstFiller ? quoteOf(signals, firstFiller) : null);
  }
  const vagueAllowed = Math.ceil(wordCount / 50);
  const firstVague = signals.vague[0];
  if (signals.vague.length > vagueAllowed && firstVague) {
    improve("specificity", `Vague words (${countBy(signals.vague)}): name the actual thing instead.`, quoteOf(signals, firstVague));
  }
  const longest = [...signals.sentences].sort((a, b) => b.words.length - a.words.length)[0];
  if (longest && longest.words.length > 40) {
    improve("clarity", `A ${longest.words.length}-word sentence is hard to follow when spoken; split it.`, excerpt(signals.text, longest.start, 0, 60));
  }
  if (dimensions.relevance < 45 && competencies.length > 0) {
    improve("relevance", `The answer does not clearly address what the question probes (${competencies.join(", ")}). Tie your example back to it explicitly.`);
  } else if (dimensions.relevance >= 80) {
    strength("relevance", `Stays on what the question probes (${competencies.join(", ")}).`);
  }
  if (dimensions.structure >= 80) strength("structure", "Complete STAR arc: situation, task, actions and result, in order.");
  return lines;
}
