/** The weighted fit, its band and explanation, and the gaps with what to prepare. */
import type { Question } from "../types.js";
import type { Evidence, Strength } from "./evidence.js";
import type { Importance, Requirement } from "./requirements.js";

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
  /** The story nearest the requirement, to build on; null when the twin has none near it. */
  closestStoryId: string | null;
}

export type FitBand = "low" | "partial" | "good" | "strong";

/** A must-have counts twice a nice-to-have; strong evidence counts 1, partial ½, none 0. */
export const IMPORTANCE_WEIGHT: Record<Importance, number> = { must: 2, nice: 1 };
export const STRENGTH_CREDIT: Record<Strength, number> = { strong: 1, partial: 0.5, none: 0 };

export function fitBand(fit: number): FitBand {
  if (fit < 40) return "low";
  if (fit < 60) return "partial";
  if (fit < 80) return "good";
  return "strong";
}

/** Σ weight × credit / Σ weight, as a whole percentage; 0 with nothing asked. */
export function fitScore(requirements: readonly MatchedRequirement[]): number {
  const weight = requirements.reduce((sum, r) => sum + IMPORTANCE_WEIGHT[r.importance], 0);
  const credit = requirements.reduce((sum, r) => sum + IMPORTANCE_WEIGHT[r.importance] * STRENGTH_CREDIT[r.evidence.strength], 0);
  return weight === 0 ? 0 : Math.round((100 * credit) / weight);
}

/** A gap: nothing in the twin shows it, or a must-have the twin shows only in part. */
export const isGap = (r: MatchedRequirement) => r.evidence.strength === "none" || (r.importance === "must" && r.evidence.strength === "partial");

const label = (r: Requirement) => (r.kind === "competency" ? r.name.replace(/-/g, " ") : r.name);

function prepareFor(r: MatchedRequirement, bank: readonly Question[]): string {
  const question = r.competency ? bank.find((q) => q.competencies[0] === r.competency) : undefined;
  const practise = question ? `, then practise "${question.text}"` : "";
  switch (r.kind) {
    case "skill":
      return r.evidence.strength === "none"
        ? `Learn or refresh ${r.name}: it is not in your skills, experience or stories. If you have used it, add it to a story's actions with what it changed; if not, prepare an honest answer on how you would pick it up from what you know.`
        : `Tell ${r.name}, don't list it: ${r.evidence.reason} Add it to the actions of a story where you used it, with a number from the result.`;
    case "competency":
      return r.evidence.strength === "none"
        ? `Prepare a story showing ${label(r)}: ${r.evidence.reason.charAt(0).toLowerCase()}${r.evidence.reason.slice(1).replace(/\.$/, "")}${r.evidence.closestStoryId ? " to build on" : ""}${practise}.`
        : `${r.evidence.reason} ${r.evidence.storyIds.length && /not tagged/.test(r.evidence.reason) ? `Tag it with ${r.name} and quote its result` : "Add the measured result to the story"}${practise}.`;
    case "seniority":
      return /management experience$/.test(r.name)
        ? `Prepare to show ${r.name.replace(" of management experience", "")} of managing people: the team you led, the people you hired or grew, a hard call you made, with its numbers.`
        : `Prepare to show ${r.name.replace(" of experience", "")} of scope: the largest system, team or decision you have owned, with its numbers.`;
    case "domain":
      return `Prepare a story set in ${label(r)}, or one that shows how your domain transfers to it.`;
  }
}

/** The gaps, must-haves and the weakest evidence first, each with what to prepare. */
export function gapsIn(requirements: readonly MatchedRequirement[], bank: readonly Question[]): Gap[] {
  return requirements
    .filter(isGap)
    .sort(
      (a, b) =>
        IMPORTANCE_WEIGHT[b.importance] - IMPORTANCE_WEIGHT[a.importance] || STRENGTH_CREDIT[a.evidence.strength] - STRENGTH_CREDIT[b.evidence.strength],
    )
    .map((r) => ({
      requirementId: r.id,
      name: r.name,
      kind: r.kind,
      importance: r.importance,
      strength: r.evidence.strength,
      prepare: prepareFor(r, bank),
      closestStoryId: r.evidence.closestStoryId,
    }));
}

/** One line: the fit, the must-haves shown strongly and those with no evidence, the nice-to-haves covered. */
export function explainFit(requirements: readonly MatchedRequirement[], fit: number): string {
  const musts = requirements.filter((r) => r.importance === "must");
  const nices = requirements.filter((r) => r.importance === "nice");
  const shown = (list: readonly MatchedRequirement[]) => list.slice(0, 4).map(label).join(", ") + (list.length > 4 ? ` and ${list.length - 4} more` : "");
  const strong = musts.filter((r) => r.evidence.strength === "strong");
  const missing = musts.filter((r) => r.evidence.strength === "none");
  const parts = [
    `Fit ${fit}/100 (${fitBand(fit)}): your twin shows ${strong.length} of ${musts.length} must-haves with strong evidence${strong.length ? ` (${shown(strong)})` : ""}`,
  ];
  if (missing.length) parts.push(`no evidence for ${shown(missing)}`);
  if (nices.length) parts.push(`${nices.filter((r) => r.evidence.strength !== "none").length} of ${nices.length} nice-to-haves covered`);
  return `${parts.join("; ")}.`;
}
