import type { Competency } from "../vocabulary.js";
import { jobLines, type JobLine } from "./sections.js";
import { skillsIn } from "./skills-lexicon.js";

export type RequirementKind = "skill" | "competency" | "seniority" | "domain";
export type Importance = "must" | "nice";

export interface Requirement {
  id: string;
  kind: RequirementKind;
  /** The canonical name: a skill, a competency id, "5+ years", a level, a domain. */
  name: string;
  importance: Importance;
  /** The description's own words that asked for it. */
  quote: string;
  line: number;
  /** For seniority: the years of experience asked, when stated. */
  years?: number;
  competency?: Competency;
}

/** Phrases that show a posting asks for a competency, as hiring managers write them. */
const COMPETENCY_CUES: Partial<Record<Competency, RegExp>> = {
  mentoring: /\bmentor|give (regular |honest |clear )?feedback|\bcoach(ing)? (engineers|others|junior)|grow (the )?(team|engineers|others)|level up|develop (junior|other) engineers/i,
  leadership: /\blead(ing)? (a |the )?(team|engineers|squad|group|technical|projects?|initiatives?|efforts?|design|migration)|technical leadership|set(ting)? (the )?technical direction|people manage|manag(e|ing) (a team|engineers|\d+)|tech lead|hire and (grow|develop)|build(ing)? (and lead )?a team/i,
  communication: /communicat|written and verbal|explain (complex|technical)|present(ing)? to|documentation|write (clear|design docs)/i,
  collaboration: /cross[- ]functional|collaborat|work(ing)? closely with|partner(ing)? with|alongside (product|design)|with (the )?(product|design|engineering|other|partner) teams/i,
  "customer-focus": /\bcustomers?\b|user needs|user[- ]facing|end users|patients|clinicians|merchants/i,
  ownership: /\bownership\b|\bown(ing)? (the|our|services|systems|end[- ]to[- ]end|features)|end[- ]to[- ]end|accountab/i,
  "problem-solving": /debug|troubleshoot|problem[- ]solv|solv(e|ing) (hard|complex|ambiguous)|root cause/i,
  "system-design": /system design|design(ing)? (scalable|distributed|reliable|resilient)|architect(ure|ing)?\b|scalab|high[- ]availability|fault[- ]tolerant/i,
  prioritization: /prioriti[sz]|trade[- ]offs?|roadmap|sequenc(e|ing) work/i,
  "delivery-under-pressure": /fast[- ]paced|tight deadlines|under pressure|on[- ]call|incident/i,
  adaptability: /ambiguit|fast[- ]changing|adapt|learn(s)? quickly|comfortable with change|new technolog/i,
  "data-driven": /data[- ]driven|metrics|measur(e|ing) (impact|success)|experiment|A\/B test|analytic/i,
  influence: /\binfluenc|stakeholder|align(ing|ment)?\b|without (formal )?authority|build(ing)? consensus|drive adoption/i,
  "conflict-resolution": /conflict|disagree|difficult conversations|navigate (tension|competing)/i,
  "technical-depth": /deep (expertise|knowledge|understanding)|in[- ]depth|internals|performance (tuning|optimi[sz]ation)|low[- ]level/i,
  "failure-and-learning": /blameless|post[- ]?mortems?|learn(ing)? from (mistakes|failure|incidents)/i,
};

const DOMAINS: readonly [string, RegExp][] = [
  ["payments", /\bpayments?\b|fintech|\bPCI\b|card (issuing|processing)|acquiring|merchant/i],
  ["healthcare", /health ?care|\bclinical|\bpatients?\b|\bHIPAA\b|\bEHR\b|medical/i],
  ["e-commerce", /e-?commerce|online (retail|stores?|shop)|marketplace|checkout|shoppers/i],
  ["advertising", /\bad tech|advertis/i],
  ["logistics", /logistic|supply chain|fleet|warehous/i],
  ["education", /edtech|education|learners|students/i],
  ["security", /cyber ?security|security (product|company)/i],
];

const LEVELS: readonly [string, RegExp, number][] = [
  ["principal", /\bprincipal\b/i, 10],
  ["staff", /\bstaff (engineer|software|data|platform|machine|ml|site)/i, 8],
  ["engineering manager", /\b(engineering|software) manager\b/i, 6],
  ["senior", /\bsenior\b|\bsr\.? /i, 5],
  ["junior", /\bjunior\b|\bentry[- ]level\b|\bgraduate\b|\bnew grad/i, 0],
];

const NICE_CUES = /nice[- ]to[- ]have|\ba (big )?plus\b|\bis a bonus\b|\bbonus\b|\bpreferred\b|\bideally\b|\bdesirable\b|\bfamiliarity with\b|\bexposure to\b|\bnot required\b|\bhelpful\b/i;
const MUST_CUES = /\bmust\b|\brequired\b|\byou have\b|\bstrong\b|\bproven\b|\bdeep\b|\bsolid\b|\bexpert/i;

function importanceOf(line: JobLine): Importance {
  if (NICE_CUES.test(line.text)) return "nice";
  if (line.section === "nice") return MUST_CUES.test(line.text) && /\bmust\b|\brequired\b/i.test(line.text) ? "must" : "nice";
  return "must";
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9+#]+/g, "-").replace(/^-|-$/g, "");

/**
 * The requirements a careful reader would list: skills named in the responsibilities and
 * requirements (not in the company blurb or benefits), the competencies their wording asks for,
 * seniority (years, level), and the business domain. Each keeps the line that asked for it; a
 * requirement asked more than once keeps its strongest importance.
 */
export function extractRequirements(description: string, role?: string): Requirement[] {
  const found = new Map<string, Requirement>();
  const add = (r: Omit<Requirement, "id">) => {
    const id = `${r.kind}:${slug(r.name)}`;
    const existing = found.get(id);
    if (!existing) found.set(id, { id, ...r });
    else if (existing.importance === "nice" && r.importance === "must") found.set(id, { ...existing, importance: "must", quote: r.quote, line: r.line });
  };
  const lines = jobLines(description);
  for (const line of lines) {
    if (line.section === "ignored") continue;
    const importance = importanceOf(line);
    const quote = line.text.slice(0, 300);
    const years = /(\d{1,2})\s*\+?\s*(?:(?:-|–|to)\s*\d{1,2}\s*)?(?:\+\s*)?years?/i.exec(line.text);
    if (years && line.section !== "intro" && /experience|professional|industry|building|working/i.test(line.text)) {
      add({ kind: "seniority", name: `${years[1]}+ years of experience`, importance, quote, line: line.line, years: Number(years[1]) });
    }
    if (line.section === "intro") continue;
    for (const skill of skillsIn(line.text)) add({ kind: "skill", name: skill.name, importance, quote, line: line.line });
    for (const [competency, cue] of Object.entries(COMPETENCY_CUES) as [Competency, RegExp][]) {
      if (cue.test(line.text)) add({ kind: "competency", name: competency, competency, importance, quote, line: line.line });
    }
  }
  const title = [role ?? "", ...lines.filter((l) => l.section === "intro").slice(0, 3).map((l) => l.text)].join(" ");
  const level = LEVELS.find(([, pattern]) => pattern.test(title));
  if (level) {
    const where = lines.find((l) => level[1].test(l.text));
    add({ kind: "seniority", name: `${level[0]} level`, importance: "must", quote: (role && level[1].test(role) ? role : where?.text ?? title).slice(0, 300), line: where?.line ?? 1, years: level[2] });
  }
  const relevant = lines.filter((l) => l.section !== "ignored");
  for (const [domain, pattern] of DOMAINS) {
    const mentions = relevant.filter((l) => pattern.test(l.text));
    // The business the job is in is a must, unless the posting names it only as a nice-to-have.
    const central = mentions.find((l) => l.section === "intro" || importanceOf(l) === "must");
    const where = central ?? mentions[0];
    if (where) add({ kind: "domain", name: domain, importance: central ? "must" : "nice", quote: where.text.slice(0, 300), line: where.line });
  }
  return [...found.values()];
}
