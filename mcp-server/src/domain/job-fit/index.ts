import type { Question, Twin } from "../types.js";
import { COMPETENCIES, type Competency } from "../vocabulary.js";
import { evidenceFor, type Evidence, type Strength } from "./evidence.js";
import { extractRequirements, type Importance, type Requirement } from "./requirements.js";

export type { Importance, Requirement, RequirementKind } from "./requirements.js";
export type { Evidence, Strength } from "./evidence.js";

export interface MatchedRequirement extends Requirement {
  evidence: Evidence;
}

export interface Gap {
  requirementId: string;
  name: string;
  kind: Requirement["kind"];
  importance: Importance;
  strength: Strength;
  prepare: string;
}

export interface PracticeItem {
  question: string;
  source: "bank" | "generated";
  questionId: string | null;
  /** The requirement it prepares for. */
  requirementId: string;
  forGap: boolean;
}

export type FitBand = "low" | "partial" | "good" | "strong";

export interface JobFit {
  role: string | null;
  company: string | null;
  requirements: MatchedRequirement[];
  fit: number;
  band: FitBand;
  explanation: string;
  gaps: Gap[];
  practice: PracticeItem[];
  /** The competencies the posting probes, gaps first: what practice should favour. */
  focusCompetencies: Competency[];
}

/** A must-have counts twice a nice-to-have; strong evidence counts 1, partial ½, none 0. */
export const IMPORTANCE_WEIGHT: Record<Importance, number> = { must: 2, nice: 1 };
export const STRENGTH_CREDIT: Record<Strength, number> = { strong: 1, partial: 0.5, none: 0 };
const MAX_PRACTICE = 10;

export function fitBand(fit: number): FitBand {
  if (fit < 40) return "low";
  if (fit < 60) return "partial";
  if (fit < 80) return "good";
  return "strong";
}

function prepareFor(r: MatchedRequirement, bank: readonly Question[]): string {
  const label = r.kind === "competency" ? r.name.replace(/-/g, " ") : r.name;
  const question = r.competency ? bank.find((q) => q.competencies[0] === r.competency) : undefined;
  switch (r.kind) {
    case "skill":
      return r.evidence.strength === "none"
        ? `Not in your skills or stories. If you have used ${label}, add it to a story's actions with what it changed; if not, prepare an honest answer on how you would learn it, from a related skill you have.`
        : `Add ${label} to the actions of a story where you used it, with a number from the result, so you can tell it rather than list it.`;
    case "competency":
      return r.evidence.strength === "none"
        ? `Add a STAR story that shows ${label}${question ? `, then practise "${question.text}"` : ""}.`
        : `${r.evidence.reason} Add the measured result to the story, then practise it.`;
    case "seniority":
      return `Prepare to show ${r.name.replace(" of experience", "")} of scope: the largest system, team or decision you have owned, with its numbers.`;
    case "domain":
      return `Prepare a story set in ${label}, or one that shows how your domain transfers to it.`;
  }
}

function practiceSet(requirements: readonly MatchedRequirement[], bank: readonly Question[]): PracticeItem[] {
  const isGap = (r: MatchedRequirement) => r.evidence.strength === "none" || (r.importance === "must" && r.evidence.strength === "partial");
  const ordered = [...requirements].sort((a, b) => Number(isGap(b)) - Number(isGap(a)) || IMPORTANCE_WEIGHT[b.importance] - IMPORTANCE_WEIGHT[a.importance]);
  const items: PracticeItem[] = [];
  const used = new Set<string>();
  for (const r of ordered.filter((x) => x.kind === "competency")) {
    // Questions that probe the competency first, then those that probe it at all.
    const questions = bank.filter((q) => q.competencies[0] === r.competency).concat(bank.filter((q) => r.competency && q.competencies.includes(r.competency)));
    for (const q of questions.filter((q) => !used.has(q.id)).slice(0, isGap(r) ? 2 : 1)) {
      used.add(q.id);
      items.push({ question: q.text, source: "bank", questionId: q.id, requirementId: r.id, forGap: isGap(r) });
    }
  }
  for (const r of ordered.filter((x) => x.kind !== "competency" && x.importance === "must")) {
    const question =
      r.kind === "skill"
        ? `Tell me about a time you used ${r.name} to solve a real problem in production. What did you do yourself, and what changed?`
        : r.kind === "seniority"
          ? `This role asks for ${r.name.endsWith(" level") ? `a ${r.name.replace(" level", "")}-level engineer` : r.name}. Walk me through the largest system or team outcome you have owned end to end.`
          : `What draws you to ${r.name}, and what from your experience carries over to it?`;
    items.push({ question, source: "generated", questionId: null, requirementId: r.id, forGap: isGap(r) });
  }
  // Room for both kinds: bank questions for the competencies, generated ones for the must-haves.
  const fromBank = items.filter((i) => i.source === "bank");
  const generated = items.filter((i) => i.source === "generated");
  const generatedRoom = Math.max(MAX_PRACTICE - fromBank.length, Math.min(generated.length, 4));
  const chosen = [...generated.slice(0, generatedRoom), ...fromBank.slice(0, MAX_PRACTICE - Math.min(generated.length, generatedRoom))];
  return [...chosen.filter((i) => i.forGap), ...chosen.filter((i) => !i.forGap)];
}

function explain(requirements: readonly MatchedRequirement[], fit: number): string {
  const musts = requirements.filter((r) => r.importance === "must");
  const nices = requirements.filter((r) => r.importance === "nice");
  const shown = (list: readonly MatchedRequirement[]) => list.slice(0, 4).map((r) => r.name.replace(/-/g, " ")).join(", ") + (list.length > 4 ? ` and ${list.length - 4} more` : "");
  const strong = musts.filter((r) => r.evidence.strength === "strong");
  const missing = musts.filter((r) => r.evidence.strength === "none");
  const parts = [`Fit ${fit}/100 (${fitBand(fit)}): your twin shows ${strong.length} of ${musts.length} must-haves with strong evidence${strong.length ? ` (${shown(strong)})` : ""}`];
  if (missing.length) parts.push(`no evidence for ${shown(missing)}`);
  if (nices.length) parts.push(`${nices.filter((r) => r.evidence.strength !== "none").length} of ${nices.length} nice-to-haves covered`);
  return `${parts.join("; ")}.`;
}

/**
 * Reads a job description against the twin: the requirements (rules over the posting's
 * sections and wording), the twin's evidence for each, the weighted fit, the gaps and a
 * practice set. Text in, nothing fetched.
 */
export function analyzeJobFit(input: { jobDescription: string; company?: string; role?: string }, twin: Twin, bank: readonly Question[]): JobFit {
  const requirements = extractRequirements(input.jobDescription, input.role).map((r) => ({ ...r, evidence: evidenceFor(r, twin.profile, twin.stories) }));
  const weight = requirements.reduce((sum, r) => sum + IMPORTANCE_WEIGHT[r.importance], 0);
  const credit = requirements.reduce((sum, r) => sum + IMPORTANCE_WEIGHT[r.importance] * STRENGTH_CREDIT[r.evidence.strength], 0);
  const fit = weight === 0 ? 0 : Math.round((100 * credit) / weight);
  const gaps = requirements
    .filter((r) => r.evidence.strength === "none" || (r.importance === "must" && r.evidence.strength === "partial"))
    .sort((a, b) => IMPORTANCE_WEIGHT[b.importance] - IMPORTANCE_WEIGHT[a.importance] || STRENGTH_CREDIT[a.evidence.strength] - STRENGTH_CREDIT[b.evidence.strength])
    .map((r) => ({ requirementId: r.id, name: r.name, kind: r.kind, importance: r.importance, strength: r.evidence.strength, prepare: prepareFor(r, bank) }));
  const gapIds = new Set(gaps.map((g) => g.requirementId));
  const probed = requirements.filter((r) => r.competency).sort((a, b) => Number(gapIds.has(b.id)) - Number(gapIds.has(a.id)));
  return {
    role: input.role?.trim() || null,
    company: input.company?.trim() || null,
    requirements,
    fit,
    band: fitBand(fit),
    explanation: requirements.length ? explain(requirements, fit) : "No requirements found: paste the posting's responsibilities and requirements, not only the company description.",
    gaps,
    practice: practiceSet(requirements, bank),
    focusCompetencies: [...new Set(probed.map((r) => r.competency!))].filter((c) => COMPETENCIES.includes(c)),
  };
}
