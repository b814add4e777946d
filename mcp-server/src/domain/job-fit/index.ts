import type { Question, Twin } from "../types.js";
import { COMPETENCIES, type Competency } from "../vocabulary.js";
import { evidenceFor } from "./evidence.js";
import { explainFit, fitBand, fitScore, gapsIn, type FitBand, type Gap, type MatchedRequirement } from "./fit.js";
import { practiceSet, type PracticeItem } from "./practice-set.js";
import { extractRequirements } from "./requirements.js";

export type { Importance, Requirement, RequirementKind } from "./requirements.js";
export type { Evidence, Strength } from "./evidence.js";
export type { FitBand, Gap, MatchedRequirement } from "./fit.js";
export type { PracticeItem } from "./practice-set.js";
export { fitBand, IMPORTANCE_WEIGHT, STRENGTH_CREDIT } from "./fit.js";

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

/**
 * Reads a job description against the twin: the requirements (rules over the posting's
 * sections and wording), the twin's evidence for each, the weighted fit, the gaps and a
 * practice set. Text in, nothing fetched.
 */
export function analyzeJobFit(input: { jobDescription: string; company?: string; role?: string }, twin: Twin, bank: readonly Question[]): JobFit {
  const requirements = extractRequirements(input.jobDescription, input.role).map((r) => ({ ...r, evidence: evidenceFor(r, twin.profile, twin.stories) }));
  const fit = fitScore(requirements);
  const gaps = gapsIn(requirements, bank);
  const gapIds = new Set(gaps.map((g) => g.requirementId));
  const probed = requirements.filter((r) => r.competency).sort((a, b) => Number(gapIds.has(b.id)) - Number(gapIds.has(a.id)));
  return {
    role: input.role?.trim() || null,
    company: input.company?.trim() || null,
    requirements,
    fit,
    band: fitBand(fit),
    explanation: requirements.length
      ? explainFit(requirements, fit)
      : "No requirements found: paste the posting's responsibilities and requirements, not only the company description.",
    gaps,
    practice: practiceSet(requirements, bank),
    focusCompetencies: [...new Set(probed.map((r) => r.competency!))].filter((c) => COMPETENCIES.includes(c)),
  };
}
