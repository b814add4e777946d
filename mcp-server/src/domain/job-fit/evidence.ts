import { searchStories } from "../story-match.js";
import type { Profile, Story } from "../types.js";
import { COMPETENCY_CUES } from "./cues.js";
import type { Requirement } from "./requirements.js";
import { SKILL_PATTERNS } from "./skills-lexicon.js";

export type Strength = "strong" | "partial" | "none";

export interface Evidence {
  strength: Strength;
  /** One line naming where in the twin the evidence is, or that there is none. */
  reason: string;
  storyIds: string[];
  /** With no story to show: the story nearest to it, to build on when preparing. */
  closestStoryId: string | null;
}

/** The words a story set in a domain uses: broader than a posting's, as stories tell the work itself. */
const DOMAIN_WORDS: Record<string, RegExp> = {
  payments: /payment|payout|authori[sz]ation|ledger|card|merchant|PCI/i,
  healthcare: /health|clinic|patient|medical|HIPAA/i,
  "e-commerce": /e-?commerce|shop|checkout|merchant|order|storefront|retail/i,
  advertising: /advertis|\bads?\b|campaign/i,
  logistics: /logistic|shipment|parcel|carrier|freight|warehouse|fleet|delivery/i,
  education: /education|student|learner|school|teacher/i,
  security: /security|threat|vulnerab/i,
  travel: /travel|hotel|booking|airline|flight/i,
  insurance: /insur|polic(y|ies)holder|claims|underwrit/i,
  media: /stream|video|broadcast|media|viewers/i,
};

/** Tags as words: "event-sourcing" names event sourcing. */
const tagText = (story: Story) => story.tags.map((t) => t.replace(/-/g, " ")).join("\n");
const storyText = (story: Story) => [story.title, story.situation, story.task, story.action, story.result, tagText(story), story.metrics.join(" ")].join("\n");
const measured = (story: Story) => story.metrics.length > 0 || /\d/.test(story.result);
const found = (strength: Strength, reason: string, storyIds: string[] = []): Evidence => ({ strength, reason, storyIds, closestStoryId: null });

/** The story whose words come nearest a requirement the twin does not show: the one to build on. */
function closestStory(requirement: Requirement, stories: readonly Story[]): Story | null {
  return searchStories(stories, `${requirement.name.replace(/-/g, " ")} ${requirement.quote}`, 1)[0]?.story ?? null;
}

function skillEvidence(requirement: Requirement, profile: Profile, stories: readonly Story[]): Evidence {
  const entry = SKILL_PATTERNS.find((p) => p.skill.name === requirement.name);
  if (!entry) return found("none", `${requirement.name} is not a skill the coach can look for.`);
  const mentions = (text: string) => entry.pattern.test(text) || (entry.exactPattern?.test(text) ?? false);
  // A story tells the skill when its own actions, result or tags name it; a title alone is not use.
  const told = stories.filter((s) => mentions([s.action, s.result, tagText(s), s.metrics.join(" ")].join("\n")));
  const listed = profile.skills.some((skill) => mentions(skill));
  const highlighted = profile.experience.flatMap((e) => e.highlights).find((h) => mentions(h));
  if (told.length) {
    // The story most about the skill first: named in its title and actions, then its task, result and tags, then measured.
    const weight = (s: Story) =>
      2 * Number(mentions(s.title)) +
      2 * Number(mentions(s.action)) +
      Number(mentions(s.task)) +
      Number(mentions(s.result)) +
      Number(mentions(tagText(s))) +
      Number(measured(s));
    const ranked = [...told].sort((a, b) => weight(b) - weight(a));
    const best = ranked[0]!;
    const more = told.length > 1 ? ` (and ${told.length - 1} more)` : "";
    const parts = (["task", "action", "result", "metrics", "tags"] as const).filter((part) =>
      mentions(part === "tags" ? tagText(best) : part === "metrics" ? best.metrics.join(" ") : best[part]),
    );
    const where = `its ${parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0]}`.replace("action", "actions");
    return found(
      "strong",
      `Story "${best.title}" tells ${requirement.name} in ${where}${measured(best) ? ", with a metric" : ""}${more}.`,
      ranked.map((s) => s.id),
    );
  }
  if (listed || highlighted) {
    return found(
      "partial",
      listed
        ? `${requirement.name} is in your skills, but no story shows you using it.`
        : `Your experience mentions ${requirement.name} ("${highlighted}"), but no story tells it.`,
    );
  }
  const mentioned = stories.find((s) => mentions(storyText(s)));
  if (mentioned) return found("partial", `Only mentioned in passing in "${mentioned.title}".`, [mentioned.id]);
  return found("none", `${requirement.name} is not in your skills, experience or stories.`);
}

function competencyEvidence(requirement: Requirement, stories: readonly Story[]): Evidence {
  const label = requirement.name.replace(/-/g, " ");
  const tagged = stories.filter((s) => requirement.competency && s.competencies.includes(requirement.competency));
  if (tagged.length) {
    const withResult = tagged.filter(measured);
    const best = withResult[0] ?? tagged[0]!;
    return withResult.length
      ? found(
          "strong",
          `Story "${best.title}" shows ${label}, with a metric.`,
          tagged.map((s) => s.id),
        )
      : found(
          "partial",
          `Story "${best.title}" shows ${label}, but has no measured result to quote.`,
          tagged.map((s) => s.id),
        );
  }
  // Not tagged, but told: the story's actions use the words postings use for the competency.
  const cue = requirement.competency ? COMPETENCY_CUES[requirement.competency] : undefined;
  const told = cue ? stories.filter((s) => cue.test(`${s.action}\n${s.result}`)) : [];
  if (told.length)
    return found(
      "partial",
      `Story "${told[0]!.title}" tells ${label} in its actions, but is not tagged with it.`,
      told.map((s) => s.id),
    );
  const closest = closestStory(requirement, stories);
  return {
    ...found("none", `None of your ${stories.length} stories is tagged ${label}${closest ? `; the closest is "${closest.title}"` : ""}.`),
    closestStoryId: closest?.id ?? null,
  };
}

const MANAGER_ROLE = /manager|head of|director|\blead\b|team lead|tech lead/i;

function seniorityEvidence(requirement: Requirement, profile: Profile, stories: readonly Story[]): Evidence {
  const asked = requirement.years ?? 0;
  if (/management experience$/.test(requirement.name)) {
    const led = profile.experience.find((e) => MANAGER_ROLE.test(e.role));
    const leading = stories.find((s) => s.competencies.includes("leadership"));
    if (led) return found("partial", `You were ${led.role} at ${led.company}; say how long you managed people, as the posting asks ${asked}+ years.`);
    if (leading) return found("partial", `No management role in your experience; "${leading.title}" shows leadership without the title.`, [leading.id]);
    return found("none", `No management role or leadership story in your twin; the posting asks ${asked}+ years managing.`);
  }
  const skillYears = / years of (.+) experience$/.exec(requirement.name)?.[1];
  if (skillYears && skillYears !== "management") {
    const skill = SKILL_PATTERNS.find((p) => p.skill.name.toLowerCase() === skillYears);
    const shown = skill ? skillEvidence({ ...requirement, kind: "skill", name: skill.skill.name }, profile, stories) : null;
    // Years with one skill are not in the twin: what it shows of the skill caps at partial.
    if (shown && shown.strength !== "none")
      return { ...shown, strength: "partial", reason: `${shown.reason} Your twin does not say for how many years; the posting asks ${asked}+.` };
    return found("none", `Nothing in your twin shows ${skillYears}; the posting asks ${asked}+ years of it.`);
  }
  const years = profile.yearsExperience;
  if (years === null) return found("partial", "Your profile does not say how many years of experience you have.");
  if (years >= asked)
    return found("strong", `You have ${years} years of experience; the posting asks for ${asked === 0 ? "an early-career candidate" : `${asked}+`}.`);
  if (years >= asked - 1) return found("partial", `You have ${years} years of experience, just under the ${asked}+ asked.`);
  return found("none", `You have ${years} years of experience; the posting asks for ${asked}+.`);
}

function domainEvidence(requirement: Requirement, profile: Profile, stories: readonly Story[]): Evidence {
  const pattern = DOMAIN_WORDS[requirement.name];
  if (!pattern) return found("none", `The coach cannot look for ${requirement.name} experience yet.`);
  const told = stories.filter((s) => pattern.test(storyText(s)));
  if (told.length)
    return found(
      "strong",
      `${told.length} of your stories are set in ${requirement.name}, e.g. "${told[0]!.title}".`,
      told.map((s) => s.id),
    );
  const background = [profile.summary, profile.headline, ...profile.experience.flatMap((e) => [e.company, ...e.highlights])].join("\n");
  if (pattern.test(background)) return found("partial", `Your profile mentions ${requirement.name}, but no story is set there.`);
  return found("none", `Nothing in your twin is set in ${requirement.name}.`);
}

/** Where the twin shows the requirement: its stories first, then the profile, with a strength and the reason. */
export function evidenceFor(requirement: Requirement, profile: Profile, stories: readonly Story[]): Evidence {
  switch (requirement.kind) {
    case "skill":
      return skillEvidence(requirement, profile, stories);
    case "competency":
      return competencyEvidence(requirement, stories);
    case "seniority":
      return seniorityEvidence(requirement, profile, stories);
    case "domain":
      return domainEvidence(requirement, profile, stories);
  }
}
