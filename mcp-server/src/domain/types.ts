import type { Category, Competency } from "./vocabulary.js";

export interface ExperienceEntry {
  company: string;
  role: string;
  period: string;
  highlights: string[];
}

export interface Profile {
  name: string;
  headline: string;
  targetRole: string;
  targetCompanies: string[];
  yearsExperience: number | null;
  location: string | null;
  summary: string;
  skills: string[];
  experience: ExperienceEntry[];
}

export interface Story {
  id: string;
  title: string;
  competencies: Competency[];
  tags: string[];
  metrics: string[];
  situation: string;
  task: string;
  action: string;
  result: string;
  learnings: string | null;
  /** 1-based line of the story heading in the twin file. */
  line: number;
}

export interface Twin {
  profile: Profile;
  stories: Story[];
}

export interface Question {
  id: string;
  text: string;
  category: Category;
  competencies: Competency[];
  kind: "behavioural" | "role";
  /** What a strong answer shows, in one line; shown to the person after scoring. */
  lookFor: string;
}
