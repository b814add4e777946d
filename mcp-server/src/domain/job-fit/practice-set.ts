/** The practice set for a posting: bank questions for the competencies it probes, questions generated from its other must-haves. */
import { CATEGORY_COMPETENCY } from "../competency-inference.js";
import type { Question } from "../types.js";
import { CATEGORIES, type Category } from "../vocabulary.js";
import { IMPORTANCE_WEIGHT, isGap, type MatchedRequirement } from "./fit.js";

export interface PracticeItem {
  question: string;
  source: "bank" | "generated";
  questionId: string | null;
  /** The category it is practised and recorded under. */
  category: Category;
  /** What a careful interviewer listens for in the answer. */
  lookFor: string;
  /** The requirement it prepares for. */
  requirementId: string;
  forGap: boolean;
}

const MAX_PRACTICE = 10;

/** A question an interviewer for this posting would ask about a skill, seniority or domain must-have. */
export function generatedQuestion(r: MatchedRequirement): string {
  switch (r.kind) {
    case "skill":
      return `Tell me about a time you used ${r.name} under real production load. What did you do yourself, and what changed?`;
    case "seniority":
      if (/management experience$/.test(r.name))
        return `This role needs ${r.name.replace(" of management experience", "")} managing engineers. Tell me about someone you helped grow, and a hard call you made as their manager.`;
      if (r.name.endsWith(" level"))
        return `This is a ${r.name.replace(" level", "")}-level role. Walk me through the largest system or team outcome you have owned end to end, and the decisions that were yours.`;
      return `This role needs ${r.name}. Walk me through the largest system you have owned, and what you would do differently now.`;
    case "domain":
      return `What draws you to ${r.name}, and what from your experience carries over to it?`;
    case "competency":
      return `Tell me about a time you showed ${r.name.replace(/-/g, " ")}.`;
  }
}

/** The category a generated question is practised under: a skill is technical depth, a domain is motivation, management is leadership. */
export function generatedCategory(r: MatchedRequirement): Category {
  switch (r.kind) {
    case "skill":
      return "technical";
    case "domain":
      return "motivation";
    case "seniority":
      return /management experience$/.test(r.name) ? "leadership" : "system-design";
    case "competency":
      return CATEGORIES.find((c) => CATEGORY_COMPETENCY[c] === r.competency) ?? "problem-solving";
  }
}

function generatedLookFor(r: MatchedRequirement): string {
  switch (r.kind) {
    case "skill":
      return `A real example with ${r.name}: the problem, what you did with it yourself, and a measured result.`;
    case "domain":
      return `What you have done that carries over to ${r.name}, told as it happened, and why this is your next step.`;
    default:
      return "One real example, your own decisions in it, and what changed, in numbers.";
  }
}

/** At most ten, gaps first: bank questions for the probed competencies (two for a gap), generated ones for the other must-haves. */
export function practiceSet(requirements: readonly MatchedRequirement[], bank: readonly Question[]): PracticeItem[] {
  const ordered = [...requirements].sort((a, b) => Number(isGap(b)) - Number(isGap(a)) || IMPORTANCE_WEIGHT[b.importance] - IMPORTANCE_WEIGHT[a.importance]);
  const items: PracticeItem[] = [];
  const used = new Set<string>();
  for (const r of ordered.filter((x) => x.kind === "competency")) {
    // Questions that probe the competency first, then those that probe it at all.
    const questions = bank.filter((q) => q.competencies[0] === r.competency).concat(bank.filter((q) => r.competency && q.competencies.includes(r.competency)));
    for (const q of questions.filter((q) => !used.has(q.id)).slice(0, isGap(r) ? 2 : 1)) {
      used.add(q.id);
      items.push({ question: q.text, source: "bank", questionId: q.id, category: q.category, lookFor: q.lookFor, requirementId: r.id, forGap: isGap(r) });
    }
  }
  for (const r of ordered.filter((x) => x.kind !== "competency" && x.importance === "must")) {
    items.push({
      question: generatedQuestion(r),
      source: "generated",
      questionId: null,
      category: generatedCategory(r),
      lookFor: generatedLookFor(r),
      requirementId: r.id,
      forGap: isGap(r),
    });
  }
  // Room for both kinds: bank questions for the competencies, generated ones for the must-haves.
  const fromBank = items.filter((i) => i.source === "bank");
  const generated = items.filter((i) => i.source === "generated");
  const generatedRoom = Math.max(MAX_PRACTICE - fromBank.length, Math.min(generated.length, 4));
  const chosen = [...generated.slice(0, generatedRoom), ...fromBank.slice(0, MAX_PRACTICE - Math.min(generated.length, generatedRoom))];
  return [...chosen.filter((i) => i.forGap), ...chosen.filter((i) => !i.forGap)];
}
