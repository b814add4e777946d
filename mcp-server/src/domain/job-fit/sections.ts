/** A job description read as sections of lines: which part of the posting each line sits in. */

/**
 * intro: before any heading (title, blurb); company: about the company or team, read only for
 * its business; responsibilities, requirements, nice: what the job asks; ignored: benefits,
 * stack lists, process and equal-opportunity text.
 */
export type SectionKind = "intro" | "company" | "responsibilities" | "requirements" | "nice" | "ignored";

export interface JobLine {
  text: string;
  section: SectionKind;
  /** 1-based line in the description, for quoting. */
  line: number;
}

const HEADINGS: readonly [SectionKind, RegExp][] = [
  [
    "nice",
    /nice[- ]to[- ]haves?|bonus|preferred|desirable|\bplus(es)?\b|extra (credit|points)|ideally|great if|would be (great|nice|a plus)|it('|’)s a plus|even better|stand out|not required/i,
  ],
  ["responsibilities", /why this role|about the (role|job|position|opportunity)|the opportunity|role overview|your mission/i],
  [
    "company",
    /^(about|meet) (?!you\b)(us|the company|the team|[\w&.-]+( [\w&.-]+)?)$|who we are|^(hi|hello),? we('|’)?re|^the team$|our (mission|story|culture|values)|^(the )?company$|life at/i,
  ],
  [
    "ignored",
    /benefits|perks|what we offer|we offer|in it for you|compensation|salary|equal (employment )?opportunit|\beeo\b|diversity|inclusion|how to apply|^why\b|working here|the process|interview(ing)? process|hiring process|next steps|our (tech )?stack|tech stack|tools we use|^location$/i,
  ],
  [
    "requirements",
    /requirement|qualification|what you('|’)ll (need|bring)|what you will (need|bring)|what you bring|looking for|must[- ]haves?|you have|about you|who you are|^(required |key |your |relevant )?(skills|experience)( and (experience|skills|qualifications))?$|you bring|might be a fit|you('|’)ll (probably )?(enjoy|thrive)|ideal candidate|is this you/i,
  ],
  [
    "responsibilities",
    /responsib(le|ilit)|what you('|’)ll (do|own|work on|be doing)|what you will (do|own|work on|be doing)|the role|your (role|impact)|day[- ]to[- ]day|you will|in this role|what the job involves|the job/i,
  ],
];

const BULLET = /^\s*(?:[-*•·▪◦‣➤→✓✔]|\d+[.)])\s+/;
/** Emoji and pictographs that decorate headings ("🎯 Why this role matters"). */
const DECORATION = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\s)+/u;
/** Lines that say nothing the job asks for, wherever they stand. */
const BOILERPLATE =
  /equal (employment )?opportunit|regardless of|without regard to|discriminat|reasonable (adjustments|accommodations?)|under-?represented|we (celebrate|value) diversity|apply anyway|meet every requirement/i;

const plain = (raw: string) =>
  raw
    .replace(/^\s*#+\s*/, "")
    .replace(/\*\*|__/g, "")
    .replace(DECORATION, "")
    .replace(/[:：]\s*$/, "")
    .trim();

/**
 * A heading: a short line that is not a bullet and names a section. Marked-up ones (Markdown
 * heading, bold, a closing colon, capitals) may stand anywhere; a bare one must not continue a
 * run of bare unpunctuated lines, be at most eight words and name no skill, so "Experience with
 * Kafka" inside an unbulleted list stays a requirement.
 */
function headingKind(raw: string, previous: string, namesSkill: (text: string) => boolean): SectionKind | null {
  if (BULLET.test(raw)) return null;
  const text = plain(raw);
  if (!text || text.length > 70 || /[.!?]$/.test(text)) return null;
  const trimmed = raw.trim();
  const marked =
    /^#/.test(trimmed) || /^(\*\*|__).*(\*\*|__):?$/.test(trimmed) || /[:：]$/.test(trimmed) || (text === text.toUpperCase() && /[A-Z]/.test(text));
  const words = text.split(/\s+/).length;
  const opensBlock = previous.trim() === "" || BULLET.test(previous) || /[.!?:]\s*$/.test(previous);
  if (!marked && (!opensBlock || words > 8 || namesSkill(text))) return null;
  if (words > 10) return null;
  for (const [kind, pattern] of HEADINGS) if (pattern.test(text)) return kind;
  return null;
}

/** Bullets and sentences, each tagged with the section it sits under; headings themselves are dropped. */
export function jobLines(description: string, namesSkill: (text: string) => boolean = () => false): JobLine[] {
  const lines: JobLine[] = [];
  let section: SectionKind = "intro";
  let sawHeading = false;
  const raws = description.split(/\r?\n/);
  raws.forEach((raw, i) => {
    const kind = headingKind(raw, raws[i - 1] ?? "", namesSkill);
    if (kind) {
      section = kind;
      sawHeading = true;
      return;
    }
    const bullet = BULLET.test(raw);
    const text = raw
      .replace(BULLET, "")
      .replace(/\*\*|__/g, "")
      .replace(DECORATION, "")
      .trim();
    if (!text) return;
    // Bullets stay whole; a paragraph splits into sentences so each keeps its own cues.
    const parts = bullet ? [text] : text.split(/(?<=[.!?])\s+(?=[A-Z])/);
    for (const part of parts) lines.push({ text: part, section: BOILERPLATE.test(part) ? "ignored" : section, line: i + 1 });
  });
  // A posting with no headings at all is read as one list of requirements.
  return sawHeading ? lines : lines.map((l) => ({ ...l, section: l.section === "ignored" ? l.section : "requirements" }));
}
