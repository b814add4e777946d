import { COMPETENCY_LEXICON } from "./rubric/lexicon.js";
import { stem, words } from "./rubric/text.js";
import { COMPETENCIES, type Category, type Competency } from "./vocabulary.js";

/** The competency each category probes first. */
export const CATEGORY_COMPETENCY: Record<Category, Competency> = {
  leadership: "leadership",
  teamwork: "collaboration",
  conflict: "conflict-resolution",
  failure: "failure-and-learning",
  "problem-solving": "problem-solving",
  communication: "communication",
  adaptability: "adaptability",
  "customer-focus": "customer-focus",
  technical: "technical-depth",
  "system-design": "system-design",
  motivation: "motivation",
};

const QUESTION_CUES: Partial<Record<Competency, readonly string[]>> = {
  "conflict-resolution": ["disagree", "disagreement", "conflict", "tension", "pushback", "difficult person", "difficult colleague"],
  "failure-and-learning": ["fail", "failure", "mistake", "wrong", "regret"],
  leadership: ["lead", "led", "leader", "leadership", "team"],
  "customer-focus": ["customer", "client", "user"],
  mentoring: ["mentor", "coach", "junior", "grow"],
  prioritization: ["prioritise", "prioritize", "priorities", "trade"],
  "delivery-under-pressure": ["deadline", "pressure", "urgent"],
  influence: ["convince", "persuade", "influence", "buy"],
  adaptability: ["change", "adapt", "ambiguity", "unfamiliar"],
  "system-design": ["design", "scale", "architecture", "system"],
  "problem-solving": ["problem", "debug", "solve", "incident"],
  communication: ["explain", "communicate", "present", "audience"],
  motivation: ["why", "motivate", "want", "interest"],
};

const stemAll = (list: readonly string[]) => [...new Set(list.map(stem))];
const STEMMED_CUES = Object.fromEntries(COMPETENCIES.map((c) => [c, stemAll(QUESTION_CUES[c] ?? [])])) as Record<Competency, string[]>;
const STEMMED_LEXICON = Object.fromEntries(COMPETENCIES.map((c) => [c, stemAll(COMPETENCY_LEXICON[c])])) as Record<Competency, string[]>;

/**
 * Competencies a free-text question probes: the category's own first, then those whose
 * question cues or lexicon words the question uses, strongest first (at most three).
 */
export function inferCompetencies(question: string, category?: Category): Competency[] {
  const stems = new Set(words(question).map(stem));
  const scored = COMPETENCIES.map((c) => {
    const cues = STEMMED_CUES[c].filter((w) => stems.has(w)).length;
    const lexicon = STEMMED_LEXICON[c].filter((w) => stems.has(w)).length;
    return { c, score: 2 * cues + lexicon };
  })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || COMPETENCIES.indexOf(a.c) - COMPETENCIES.indexOf(b.c));
  const result: Competency[] = category ? [CATEGORY_COMPETENCY[category]] : [];
  // With a category known, a further competency needs a question cue, not just one shared word.
  const threshold = category ? 2 : 1;
  for (const { c, score } of scored) if (score >= threshold && !result.includes(c)) result.push(c);
  return result.slice(0, 3);
}
