/** The answer file of one practice: the question on top, the answer below a rule. Pure: no vscode. */

export interface PracticeHeader {
  questionId: string;
  question: string;
  category: string;
  lookFor: string;
  suggestedStories: string[];
}

export const ANSWER_RULE = "---";

export function practiceDocument(header: PracticeHeader): string {
  const stories = header.suggestedStories.length ? `Stories that fit: ${header.suggestedStories.join("; ")}\n` : "";
  return [
    `# ${header.question}`,
    "",
    `<!-- interview-coach question: ${header.questionId} -->`,
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
  question: string;
  answer: string;
  /** Character offset of the answer's first character in the document. */
  answerOffset: number;
}

/** Reads the question and the answer back; null when the document is not a practice document. */
export function parsePracticeDocument(text: string): ParsedPractice | null {
  const heading = /^# (.+)$/m.exec(text);
  const marker = /<!-- interview-coach question: ([\w-]+) -->/.exec(text);
  if (!heading || !marker) return null;
  const rule = new RegExp(`^${ANSWER_RULE}\\s*$`, "m").exec(text.slice(marker.index));
  if (!rule) return null;
  const afterRule = marker.index + rule.index + rule[0].length;
  const raw = text.slice(afterRule);
  const leading = raw.length - raw.trimStart().length;
  return { questionId: marker[1] ?? null, question: heading[1]!.trim(), answer: raw.trim(), answerOffset: afterRule + leading };
}

/** A file name that sorts by time and says which question it answers. */
export function answerFileName(questionId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return `${stamp}-${questionId}.md`;
}
