/** The shared vocabulary that links questions, stories and analytics. */

export const COMPETENCIES = [
  "leadership",
  "ownership",
  "collaboration",
  "conflict-resolution",
  "communication",
  "influence",
  "problem-solving",
  "technical-depth",
  "system-design",
  "adaptability",
  "failure-and-learning",
  "customer-focus",
  "prioritization",
  "delivery-under-pressure",
  "mentoring",
  "data-driven",
  "motivation",
] as const;
export type Competency = (typeof COMPETENCIES)[number];

export const CATEGORIES = [
  "leadership",
  "teamwork",
  "conflict",
  "failure",
  "problem-solving",
  "communication",
  "adaptability",
  "customer-focus",
  "technical",
  "system-design",
  "motivation",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_TITLES: Record<Category, string> = {
  leadership: "Leadership",
  teamwork: "Teamwork",
  conflict: "Conflict",
  failure: "Failure and learning",
  "problem-solving": "Problem solving",
  communication: "Communication",
  adaptability: "Adaptability",
  "customer-focus": "Customer focus",
  technical: "Technical depth",
  "system-design": "System design",
  motivation: "Motivation and fit",
};

export function isCompetency(value: string): value is Competency {
  return (COMPETENCIES as readonly string[]).includes(value);
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}
