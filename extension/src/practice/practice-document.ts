/** The answer file of one practice: the question on top, the answer below a rule. Pure: no vscode. */

export interface PracticeHeader {
  /** The bank question's id; null for a question generated from a job posting. */
  questionId: string | null;
  question: string;
  /** The category it is recorded under, as an id ("problem-solving"). */
  categoryId: string;
  category: string;
  lookFor: string;
  suggestedStories: string[];
}

export const ANSWER_RULE = "---";
/** The marker of a question that is not in the bank, such as one generated from a job posting. */
const GENERATED = "generated";

export function practiceDocument(header: PracticeHeader): string {
  const stories = header.suggestedStories.length ? `Stories that fit: ${header.suggestedStories.join("; ")}\n` : "";
  return [
    `# ${header.question}`,
    "",
    header.questionId === null
      ? `<!-- interview-coach question: ${GENERATED} category: ${header.categoryId} -->`
      : `<!-- interview-coach question: ${header.questionId} -->`,
    `Category: ${header.category} · Look for: ${header.lookFor}`,
    stories.trimEnd(),
    "",
    'Write your answer below the line as you would say it, then choose "Submit Answer" above or run "Interview Coach: Submit Answer".',
    "",
    ANSWER_RULE,
    "",
    "",
  ]
    .filter((line, i, all) => !(line === "" && all[i - 1] === ""))
    .join("\n");
}

export interface ParsedPractice {
  questionId: string | null;
  /** The category of a generated question, which has no bank entry to look it up in. */
  category: string | null;
  question: string;
  answer: string;
  /** Character offset of the answer's first character in the document. */
  answerOffset: number;
}

/** Reads the question and the answer back; null when the document is not a practice document. */
export function parsePracticeDocument(text: string): ParsedPractice | null {
  const heading = /^# (.+)$/m.exec(text);
  const marker = /<!-- interview-coach question: ([\w-]+)(?: category: ([\w-]+))? -->/.exec(text);
  if (!heading || !marker) return null;
  const rule = new RegExp(`^${ANSWER_RULE}\\s*$`, "m").exec(text.slice(marker.index));
  if (!rule) return null;
  const afterRule = marker.index + rule.index + rule[0].length;
  const raw = text.slice(afterRule);
  const leading = raw.length - raw.trimStart().length;
  const generated = marker[1] === GENERATED;
  if (generated && !marker[2]) return null;
  return {
    questionId: generated ? null : (marker[1] ?? null),
    category: generated ? (marker[2] ?? null) : null,
    question: heading[1]!.trim(),
    answer: raw.trim(),
    answerOffset: afterRule + leading,
  };
}

/** A file name that sorts by time and says which question it answers (a generated question: its first words). */
export function answerFileName(questionId: string | null, now: Date, question = ""): string {
  if (questionId === null) questionId = `posting-${(question.toLowerCase().match(/[a-z0-9]+/g) ?? []).slice(0, 10).join("-")}`;
  const stamp = now.toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return `${stamp}-${questionId}.md`;
}
