/** An answer strategy: a way to turn a question and stories into an answer. */
export interface Variant {
  id: string;
  name: string;
  description: string;
  /** Instructions an LLM follows to draft an answer in this strategy. */
  prompt: string;
  /** The word range the template composer aims for. */
  targetWords: [number, number];
}

const SHARED_RULES =
  "Answer in the first person singular and the past tense, as the candidate, using only facts from the provided stories and profile. " +
  "Never invent employers, numbers or outcomes. Do not use bullet points; write it as it would be spoken.";

export const BUILT_IN_VARIANTS: readonly Variant[] = [
  {
    id: "star-focused",
    name: "STAR-focused",
    description: "One story told strictly in Situation, Task, Action, Result order, each part clearly signposted, ending on the measured result.",
    prompt:
      "Pick the single story that best fits the question. Tell it in four clearly signposted parts: the situation (one or two sentences of context), " +
      "your task or goal, the actions you personally took (most of the answer), and the result with its numbers. " +
      `Aim for 180–280 words. ${SHARED_RULES}`,
    targetWords: [180, 280],
  },
  {
    id: "example-driven",
    name: "Example-driven",
    description: "Leads with the headline result, then backs it with two short concrete examples and ties them to the question.",
    prompt:
      "Open with a one-sentence claim that answers the question directly and quotes your strongest measured result. " +
      "Then give two short, concrete examples from different stories (what you did, what changed), and close by tying them back to the question. " +
      `Aim for 170–260 words. ${SHARED_RULES}`,
    targetWords: [170, 260],
  },
  {
    id: "concise",
    name: "Concise",
    description: "The shortest complete answer: one sentence per STAR part, under about 120 words, for screening calls and follow-ups.",
    prompt:
      "Give the shortest complete answer: one sentence each for situation, task, action and result, keeping the most telling number. " +
      `Stay between 70 and 120 words. ${SHARED_RULES}`,
    targetWords: [70, 120],
  },
  {
    id: "detailed",
    name: "Detailed",
    description: "The full story with context, every key decision and its reasoning, the measured results and what was learned.",
    prompt:
      "Tell the best-fitting story in full: the context and stakes, your task, each key decision you made and why, the measured results, " +
      "and what you learned or would do differently. Keep it spoken, not written. " +
      `Aim for 280–400 words. ${SHARED_RULES}`,
    targetWords: [280, 400],
  },
];

export function findVariant(id: string, variants: readonly Variant[] = BUILT_IN_VARIANTS): Variant | undefined {
  return variants.find((v) => v.id === id);
}
