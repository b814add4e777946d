import { lazy } from "../domain/lazy.js";
import { CoachError } from "../errors.js";
import type { ExperienceEntry, Profile, Story, Twin } from "../domain/types.js";
import { COMPETENCIES, isCompetency, type Competency } from "../domain/vocabulary.js";

/** A problem in the twin file, naming the 1-based line and what was expected there. */
export class TwinParseError extends CoachError {
  readonly kind = "twin";

  constructor(
    readonly line: number,
    readonly expected: string,
    readonly file = "twin file",
  ) {
    super(`${file}, line ${line}: ${expected}`);
    this.name = "TwinParseError";
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use; see lazy.ts
const yaml = lazy(() => require("yaml") as typeof import("yaml"));

const STORY_HEADING = /^##\s+Story:\s*(.+?)\s*$/;
const SECTION_HEADING = /^###\s+(.+?)\s*$/;
const FIELD = /^([a-z][a-zA-Z]*):\s*(.*)$/;
const SECTIONS = ["situation", "task", "action", "result", "learnings"] as const;
type Section = (typeof SECTIONS)[number];
const STORY_FIELDS = ["id", "competencies", "tags", "metrics"] as const;

export function slugify(title: string): string {
  return title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

function list(value: string, separator: RegExp): string[] {
  return value
    .split(separator)
    .map((v) => v.trim())
    .filter(Boolean);
}

function stringField(data: Record<string, unknown>, key: string, line: number, file: string, required: boolean): string | null {
  const value = data[key];
  if (value === undefined || value === null || value === "") {
    if (required) throw new TwinParseError(line, `front matter needs "${key}" (text)`, file);
    return null;
  }
  if (typeof value !== "string" && typeof value !== "number") throw new TwinParseError(line, `front matter "${key}" must be text`, file);
  return String(value).trim();
}

function stringList(data: Record<string, unknown>, key: string, line: number, file: string): string[] {
  const value = data[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string" && typeof v !== "number")) {
    throw new TwinParseError(line, `front matter "${key}" must be a list of text items`, file);
  }
  return value.map((v) => String(v).trim());
}

function parseProfile(yamlText: string, startLine: number, file: string): Profile {
  let data: unknown;
  try {
    data = yaml().parse(yamlText);
  } catch (error) {
    const at = error instanceof yaml().YAMLParseError && error.linePos ? error.linePos[0].line : 0;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new TwinParseError(startLine + Math.max(0, at - 1), `valid YAML front matter (${reason})`, file);
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    throw new TwinParseError(startLine, "front matter to be a YAML mapping of profile fields", file);
  }
  const record = data as Record<string, unknown>;
  const years = record.yearsExperience;
  if (years !== undefined && (typeof years !== "number" || years < 0 || !Number.isFinite(years))) {
    throw new TwinParseError(startLine, 'front matter "yearsExperience" must be a number ≥ 0', file);
  }
  const experienceRaw = record.experience ?? [];
  if (!Array.isArray(experienceRaw)) throw new TwinParseError(startLine, 'front matter "experience" must be a list', file);
  const experience: ExperienceEntry[] = experienceRaw.map((entry, i) => {
    if (!entry || typeof entry !== "object") throw new TwinParseError(startLine, `experience item ${i + 1} must be a mapping with company, role, period`, file);
    const e = entry as Record<string, unknown>;
    return {
      company: stringField(e, "company", startLine, file, true) ?? "",
      role: stringField(e, "role", startLine, file, true) ?? "",
      period: stringField(e, "period", startLine, file, false) ?? "",
      highlights: stringList(e, "highlights", startLine, file),
    };
  });
  return {
    name: stringField(record, "name", startLine, file, true) ?? "",
    headline: stringField(record, "headline", startLine, file, false) ?? "",
    targetRole: stringField(record, "targetRole", startLine, file, true) ?? "",
    targetCompanies: stringList(record, "targetCompanies", startLine, file),
    yearsExperience: typeof years === "number" ? years : null,
    location: stringField(record, "location", startLine, file, false),
    summary: stringField(record, "summary", startLine, file, false) ?? "",
    skills: stringList(record, "skills", startLine, file),
    experience,
  };
}

interface StoryDraft {
  title: string;
  line: number;
  fields: Partial<Record<(typeof STORY_FIELDS)[number], { value: string; line: number }>>;
  sections: Partial<Record<Section, string[]>>;
  current: Section | null;
}

function finishStory(draft: StoryDraft, file: string, seen: Map<string, number>): Story {
  const id = draft.fields.id?.value || slugify(draft.title);
  if (!id) throw new TwinParseError(draft.line, `an "id:" line for story "${draft.title}" (its title has no letters or digits to derive one from)`, file);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) {
    throw new TwinParseError(draft.fields.id?.line ?? draft.line, `story id "${id}" to use only lower-case letters, digits and hyphens`, file);
  }
  const previous = seen.get(id);
  if (previous !== undefined)
    throw new TwinParseError(draft.fields.id?.line ?? draft.line, `a unique story id, but "${id}" is already used by the story on line ${previous}`, file);
  seen.set(id, draft.line);
  const competencyField = draft.fields.competencies;
  if (!competencyField || !competencyField.value) {
    throw new TwinParseError(draft.line, `story "${draft.title}" needs a "competencies:" line (one or more of: ${COMPETENCIES.join(", ")})`, file);
  }
  const competencies: Competency[] = [];
  for (const c of list(competencyField.value, /,/)) {
    if (!isCompetency(c)) throw new TwinParseError(competencyField.line, `a competency from: ${COMPETENCIES.join(", ")}; got "${c}"`, file);
    if (!competencies.includes(c)) competencies.push(c);
  }
  const text = (section: Section, required: boolean): string | null => {
    const body = draft.sections[section]?.join("\n").trim() ?? "";
    if (!body && required)
      throw new TwinParseError(draft.line, `story "${draft.title}" needs a non-empty "### ${section[0]!.toUpperCase()}${section.slice(1)}" section`, file);
    return body || null;
  };
  return {
    id,
    title: draft.title,
    competencies,
    tags: list(draft.fields.tags?.value ?? "", /,/).map((t) => t.toLowerCase()),
    metrics: list(draft.fields.metrics?.value ?? "", /;/),
    situation: text("situation", true)!,
    task: text("task", true)!,
    action: text("action", true)!,
    result: text("result", true)!,
    learnings: text("learnings", false),
    line: draft.line,
  };
}

/**
 * Parses a twin file: YAML front matter for the profile, then one "## Story: Title" section
 * per story with id/competencies/tags/metrics lines and ### Situation/Task/Action/Result parts.
 */
export function parseTwin(markdown: string, file = "twin file"): Twin {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  if (lines[0]?.trim() !== "---") throw new TwinParseError(1, 'the file to start with "---" and YAML front matter for the profile', file);
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === "---");
  if (end === -1) throw new TwinParseError(lines.length, 'a closing "---" line after the front matter', file);
  const profile = parseProfile(lines.slice(1, end).join("\n"), 2, file);

  const stories: Story[] = [];
  const seen = new Map<string, number>();
  let draft: StoryDraft | null = null;
  let fenced = false;
  for (let i = end + 1; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const lineNo = i + 1;
    // Headings inside a fenced code block are part of the text, not structure.
    if (/^\s*(```|~~~)/.test(raw)) fenced = !fenced;
    if (fenced || /^\s*(```|~~~)/.test(raw)) {
      if (draft?.current) draft.sections[draft.current]!.push(raw);
      continue;
    }
    const heading = STORY_HEADING.exec(raw);
    if (heading) {
      if (draft) stories.push(finishStory(draft, file, seen));
      draft = { title: heading[1]!, line: lineNo, fields: {}, sections: {}, current: null };
      continue;
    }
    if (/^##\s/.test(raw)) throw new TwinParseError(lineNo, `a story heading of the form "## Story: <title>", got "${raw.trim()}"`, file);
    if (!draft) continue;
    const section = SECTION_HEADING.exec(raw);
    if (section) {
      const name = section[1]!.toLowerCase() as Section;
      if (!SECTIONS.includes(name)) {
        throw new TwinParseError(lineNo, `one of ### Situation, ### Task, ### Action, ### Result, ### Learnings; got "${raw.trim()}"`, file);
      }
      if (draft.sections[name]) throw new TwinParseError(lineNo, `one "### ${section[1]}" section per story, but it appears twice`, file);
      const order = SECTIONS.indexOf(name);
      const last = draft.current ? SECTIONS.indexOf(draft.current) : -1;
      if (order < last) throw new TwinParseError(lineNo, "sections in the order Situation, Task, Action, Result, Learnings", file);
      draft.sections[name] = [];
      draft.current = name;
      continue;
    }
    if (draft.current) {
      draft.sections[draft.current]!.push(raw);
      continue;
    }
    if (!raw.trim()) continue;
    const field = FIELD.exec(raw.trim());
    if (!field || !(STORY_FIELDS as readonly string[]).includes(field[1]!)) {
      throw new TwinParseError(lineNo, `a story field (${STORY_FIELDS.join(":, ")}:) or a "### Situation" section, got "${raw.trim()}"`, file);
    }
    draft.fields[field[1] as (typeof STORY_FIELDS)[number]] = { value: field[2]!.trim(), line: lineNo };
  }
  if (draft) stories.push(finishStory(draft, file, seen));
  return { profile, stories };
}
