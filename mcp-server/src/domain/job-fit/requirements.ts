import type { Competency } from "../vocabulary.js";
import { COMPETENCY_CUES, DOMAINS, MUST_LINE, NICE_FROM_HERE, NICE_LINE } from "./cues.js";
import { jobLines, type JobLine } from "./sections.js";
import { LEVELS, yearsAsked } from "./seniority.js";
import { skillMentions, skillsIn } from "./skills-lexicon.js";

export type RequirementKind = "skill" | "competency" | "seniority" | "domain";
export type Importance = "must" | "nice";

export interface Requirement {
  id: string;
  kind: RequirementKind;
  /** The canonical name: a skill, a competency id, "5+ years of experience", a level, a domain. */
  name: string;
  importance: Importance;
  /** The description's own words that asked for it. */
  quote: string;
  line: number;
  /** For seniority: the years of experience asked, when stated. */
  years?: number;
  competency?: Competency;
}

/**
 * Must or nice for what a line names at `index`: the line's own words first ("is a plus" makes
 * it all nice, "ideally" what follows), then its section; a nice-to-have section's line that
 * says "must" or "required" is a must.
 */
export function importanceAt(line: JobLine, index = 0): Importance {
  if (NICE_LINE.test(line.text)) return "nice";
  if (line.section === "nice") return MUST_LINE.test(line.text) ? "must" : "nice";
  const from = NICE_FROM_HERE.exec(line.text);
  return from && index >= from.index ? "nice" : "must";
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, "-")
    .replace(/^-|-$/g, "");
const sentenceLike = (line: JobLine) => line.text.split(/\s+/).length >= 8;

/** The title, location and first two sentences of the posting's opening or company text: where it says what business it is in. */
function leadLines(lines: readonly JobLine[]): JobLine[] {
  const blurb = lines.filter((l) => l.section === "intro" || l.section === "company");
  const firstSentences = blurb.filter(sentenceLike).slice(0, 2);
  return blurb.filter((l) => !sentenceLike(l) || firstSentences.includes(l));
}

/**
 * The requirements a careful reader would list: skills named in the responsibilities and
 * requirements (not in the company blurb, stack lists or benefits), the competencies their
 * wording asks for, seniority (years, level), and the business domain. Each keeps the line that
 * asked for it; a requirement asked more than once keeps its strongest importance.
 */
export function extractRequirements(description: string, role?: string): Requirement[] {
  const found = new Map<string, Requirement>();
  const add = (r: Omit<Requirement, "id">) => {
    const id = `${r.kind}:${slug(r.name)}`;
    const existing = found.get(id);
    if (!existing) found.set(id, { id, ...r });
    else if (existing.importance === "nice" && r.importance === "must") found.set(id, { ...existing, importance: "must", quote: r.quote, line: r.line });
  };
  const lines = jobLines(description, (text) => skillsIn(text).length > 0);
  const asked = lines.filter((l) => l.section === "responsibilities" || l.section === "requirements" || l.section === "nice");
  for (const line of asked) {
    const quote = line.text.slice(0, 300);
    for (const y of yearsAsked(line.text))
      add({ kind: "seniority", name: y.name, importance: importanceAt(line, y.index), quote, line: line.line, years: y.years });
    for (const { skill, index } of skillMentions(line.text))
      add({ kind: "skill", name: skill.name, importance: importanceAt(line, index), quote, line: line.line });
    for (const [competency, cue] of Object.entries(COMPETENCY_CUES) as [Competency, RegExp][]) {
      const match = cue.exec(line.text);
      if (match) add({ kind: "competency", name: competency, competency, importance: importanceAt(line, match.index), quote, line: line.line });
    }
  }
  const title = [
    role ?? "",
    ...lines
      .filter((l) => l.section === "intro")
      .slice(0, 3)
      .map((l) => l.text),
  ].join(" ");
  const level = LEVELS.find(([, pattern]) => pattern.test(title));
  if (level) {
    const where = lines.find((l) => level[1].test(l.text));
    add({
      kind: "seniority",
      name: `${level[0]} level`,
      importance: "must",
      quote: (role && level[1].test(role) ? role : (where?.text ?? title)).slice(0, 300),
      line: where?.line ?? 1,
      years: level[2],
    });
  }
  const lead = leadLines(lines);
  for (const [domain, pattern] of DOMAINS) {
    // The business the company is in is a must; one the requirements name counts as they ask it.
    const central = [...lead, ...asked.filter((l) => importanceAt(l) === "must")].find((l) => pattern.test(l.text));
    const where = central ?? asked.find((l) => pattern.test(l.text));
    if (where) add({ kind: "domain", name: domain, importance: central ? "must" : "nice", quote: where.text.slice(0, 300), line: where.line });
  }
  return [...found.values()];
}
