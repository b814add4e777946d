// The full interview question bank and lookup by id.
import type { Question } from "../types.js";
import { BEHAVIOURAL_A } from "./behavioural-a.js";
import { BEHAVIOURAL_B } from "./behavioural-b.js";
import { ROLE_QUESTIONS } from "./role.js";

export const QUESTION_BANK: readonly Question[] = [...BEHAVIOURAL_A, ...BEHAVIOURAL_B, ...ROLE_QUESTIONS];

const BY_ID: ReadonlyMap<string, Question> = new Map(QUESTION_BANK.map((q) => [q.id, q]));

export function findQuestion(id: string): Question | undefined {
  return BY_ID.get(id);
}
