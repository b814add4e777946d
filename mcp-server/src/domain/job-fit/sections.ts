/** A job description read as sections of lines: which part of the posting each line sits in. */

export type SectionKind = "intro" | "responsibilities" | "requirements" | "nice" | "ignored";

export interface JobLine {
  text: string;
  section: SectionKind;
  /** 1-based line in the description, for quoting. */
  line: number;
}

const HEADINGS: readonly [SectionKind, RegExp][] = [
  ["nice", /nice[- ]to[- ]have|bonus|preferred|desirable|plus(es)?\b|extra credit|ideally/i],
  ["ignored", /about (us|the company|the team)|who we are|benefits|perks|what we offer|compensation|salary|equal opportunit|eeo|diversity|inclusion|how to apply|our values|life at|why join|location|working here|the process|interview process/i],
  ["requirements", /requirement|qualification|what you('|’)ll (need|bring)|what we('|’)re looking for|must[- ]have|you have|about you|who you are|skills|experience|you bring|you might be a fit/i],
  ["responsibilities", /responsibilit|what you('|’)ll (do|own|work on)|the role|your impact|day[- ]to[- ]day|you will|in this role|what the job involves/i],
];

/** A heading: a short line without a sentence's end, often bold, a Markdown heading or ending in a colon. */
function headingKind(raw: string): SectionKind | null {
  const text = raw.replace(/^#+\s*|\*\*|__/g, "").trim();
  if (!text || text.length > 70 || /[.!?]$/.test(text)) return null;
  const looksLikeHeading = /^#/.test(raw.trim()) || /:$/.test(text) || /^\*\*.*\*\*:?$/.test(raw.trim()) || text === text.toUpperCase() || text.split(/\s+/).length <= 6;
  if (!looksLikeHeading || /^[-*•]/.test(raw.trim())) return null;
  for (const [kind, pattern] of HEADINGS) if (pattern.test(text)) return kind;
  return null;
}

/** Bullets and sentences, each tagged with the section it sits under; headings themselves are dropped. */
export function jobLines(description: string): JobLine[] {
  const lines: JobLine[] = [];
  let section: SectionKind = "intro";
  let sawHeading = false;
  description.split(/\r?\n/).forEach((raw, i) => {
    const kind = headingKind(raw);
    if (kind) {
      section = kind;
      sawHeading = true;
      return;
    }
    const text = raw.replace(/^\s*(?:[-*•·▪◦]|\d+[.)])\s*/, "").trim();
    if (!text) return;
    // Bullets stay whole; a paragraph splits into sentences so each keeps its own cues.
    const parts = /^\s*(?:[-*•·▪◦]|\d+[.)])/.test(raw) ? [text] : text.split(/(?<=[.!?])\s+(?=[A-Z])/);
    for (const part of parts) lines.push({ text: part, section, line: i + 1 });
  });
  // A posting with no headings at all is read as one list of requirements.
  return sawHeading ? lines : lines.map((l) => ({ ...l, section: "requirements" }));
}
