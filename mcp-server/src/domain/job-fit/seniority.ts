/** Seniority a posting asks for: years of experience (general, managing, or with a skill) and the level in its title. */
import { skillMentions } from "./skills-lexicon.js";

export interface YearsAsked {
  /** "6+ years of experience", "2+ years of management experience", "3+ years of machine learning experience". */
  name: string;
  years: number;
  /** Where in the line it is asked. */
  index: number;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
};
const NUMBER = `(\\d{1,2}|${Object.keys(NUMBER_WORDS).join("|")})`;
const YEARS = new RegExp(
  `(?:\\b(up to|less than|under|no more than|fewer than|maximum of|max\\.?)\\s+)?\\b${NUMBER}\\s*(?:\\+|plus)?\\s*(?:(?:-|–|to)\\s*${NUMBER}\\s*)?(?:\\+\\s*)?(?:or more\\s+)?years?\\b`,
  "gi",
);
const EXPERIENCE_WORDS = /experience|professional|industry|building|working|engineering|managing/i;
const MANAGING = /^[\s\w,-]{0,30}?\b(managing|management|as a manager|people manag|leading (engineering )?teams)/i;

const toNumber = (text: string) => NUMBER_WORDS[text.toLowerCase()] ?? Number(text);

/**
 * The years a line asks for. The first mention is general experience; a later one ("including 2
 * or more years managing engineers") is kept only when it says what the years are of: managing
 * people, or a skill. An upper bound ("up to 2 years") asks for no minimum.
 */
export function yearsAsked(text: string): YearsAsked[] {
  if (!EXPERIENCE_WORDS.test(text)) return [];
  const asked: YearsAsked[] = [];
  for (const match of text.matchAll(YEARS)) {
    if (match[1]) continue;
    const years = toNumber(match[2]!);
    if (!(years > 0 && years <= 20)) continue;
    const after = text.slice(match.index + match[0].length, match.index + match[0].length + 60);
    const skill = skillMentions(after).find((m) => m.index < 30);
    const name = MANAGING.test(after)
      ? `${years}+ years of management experience`
      : asked.length === 0
        ? `${years}+ years of experience`
        : skill
          ? `${years}+ years of ${skill.skill.name.toLowerCase()} experience`
          : null;
    if (name) asked.push({ name, years, index: match.index });
  }
  return asked;
}

/** Levels named in a title, with the years of experience each usually means. */
export const LEVELS: readonly [string, RegExp, number][] = [
  ["principal", /\bprincipal\b/i, 10],
  ["staff", /\bstaff (engineer|software|data|platform|machine|ml|site|frontend|backend|full[- ]stack)/i, 8],
  ["engineering manager", /\b(engineering|software|development) manager\b/i, 6],
  [
    "lead",
    /\b(lead|tech lead) (engineer|developer|software|backend|back-end|frontend|front-end|full[- ]stack|data|platform|mobile|ios|android|ml|machine)|\btech(nical)? lead\b/i,
    7,
  ],
  ["senior", /\bsenior\b|\bsr\.? /i, 5],
  ["junior", /\bjunior\b|\bentry[- ]level\b|\bgraduate\b|\bnew grad/i, 0],
];
