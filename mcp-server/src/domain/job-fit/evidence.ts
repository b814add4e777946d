import type { Profile, Story } from "../types.js";
import type { Requirement } from "./requirements.js";
import { SKILL_PATTERNS } from "./skills-lexicon.js";

export type Strength = "strong" | "partial" | "none";

export interface Evidence {
  strength: Strength;
  /** One line naming where in the twin the evidence is, or that there is none. */
  reason: string;
  storyIds: string[];
}

const DOMAIN_WORDS: Record<string, RegExp> = {
  payments: /payment|payout|authori[sz]ation|ledger|card|merchant|PCI/i,
  healthcare: /health|clinic|patient|medical|HIPAA/i,
  "e-commerce": /e-?commerce|shop|checkout|merchant|order|storefront|retail/i,
  advertising: /advertis|\bads?\b|campaign/i,
  logistics: /logistic|shipment|parcel|carrier|freight|warehouse|fleet|delivery/i,
  education: /education|student|learner|school|teacher/i,
  security: /security|threat|vulnerab/i,
};

const storyText = (story: Story) => [story.title, story.situation, story.task, story.action, story.result, story.tags.join(" "), story.metrics.join(" ")].join("\n");
const measured = (story: Story) => story.metrics.length > 0 || /\d/.test(story.result);

function skillEvidence(requirement: Requirement, profile: Profile, stories: readonly Story[]): Evidence {
  const entry = SKILL_PATTERNS.find((p) => p.skill.name === requirement.name);
  if (!entry) return { strength: "none", reason: `${requirement.name} is not a skill the coach can look for.`, storyIds: [] };
  const mentions = (text: string) => entry.pattern.test(text) || (entry.exactPattern?.test(text) ?? false);
  // A story tells the skill when its own actions, result or tags name it; a title alone is not use.
  const told = stories.filter((s) => mentions([s.action, s.result, s.tags.join(" "), s.metrics.join(" ")].join("\n")));
  const listed = profile.skills.some((skill) => mentions(skill));
  const highlighted = profile.experience.flatMap((e) => e.highlights).find((h) => mentions(h));
  if (told.length) {
    const best = told.find(measured) ?? told[0]!;
    return {
      strength: "strong",
      reason: `Your story "${best.title}" uses ${requirement.name} in what you did${measured(best) ? ", with a measured result" : ""}${told.length > 1 ? ` (and ${told.length - 1} more)` : ""}.`,
      storyIds: told.map((s) => s.id),
    };
  }
  if (listed || highlighted) {
    return {
      strength: "partial",
      reason: listed ? `${requirement.name} is in your skills, but no story shows you using it.` : `Your experience mentions ${requirement.name} ("${highlighted}"), but no story tells it.`,
      storyIds: [],
    };
  }
  const mentioned = stories.find((s) => mentions(storyText(s)));
  if (mentioned) return { strength: "partial", reason: `Only mentioned in passing in "${mentioned.title}".`, storyIds: [mentioned.id] };
  return { strength: "none", reason: `${requirement.name} is not in your skills, experience or stories.`, storyIds: [] };
}

function competencyEvidence(requirement: Requirement, stories: readonly Story[]): Evidence {
  const tagged = stories.filter((s) => requirement.competency && s.competencies.includes(requirement.competency));
  const label = requirement.name.replace(/-/g, " ");
  if (!tagged.length) return { strength: "none", reason: `None of your ${stories.length} stories shows ${label}.`, storyIds: [] };
  const withResult = tagged.filter(measured);
  const best = withResult[0] ?? tagged[0]!;
  return withResult.length
    ? { strength: "strong", reason: `"${best.title}" shows ${label}, with a measured result.`, storyIds: tagged.map((s) => s.id) }
    : { strength: "partial", reason: `"${best.title}" shows ${label}, but has no measured result to quote.`, storyIds: tagged.map((s) => s.id) };
}

function seniorityEvidence(requirement: Requirement, profile: Profile): Evidence {
  const years = profile.yearsExperience;
  const asked = requirement.years ?? 0;
  if (years === null) return { strength: "partial", reason: "Your profile does not say how many years of experience you have.", storyIds: [] };
  if (years >= asked) return { strength: "strong", reason: `You have ${years} years of experience; the posting asks for ${asked === 0 ? "an early-career candidate" : `${asked}+`}.`, storyIds: [] };
  if (years >= asked - 1) return { strength: "partial", reason: `You have ${years} years of experience, just under the ${asked}+ asked.`, storyIds: [] };
  return { strength: "none", reason: `You have ${years} years of experience; the posting asks for ${asked}+.`, storyIds: [] };
}

function domainEvidence(requirement: Requirement, profile: Profile, stories: readonly Story[]): Evidence {
  const pattern = DOMAIN_WORDS[requirement.name];
  if (!pattern) return { strength: "none", reason: `The coach cannot look for ${requirement.name} experience yet.`, storyIds: [] };
  const told = stories.filter((s) => pattern.test(storyText(s)));
  if (told.length) return { strength: "strong", reason: `${told.length} of your stories are set in ${requirement.name}, e.g. "${told[0]!.title}".`, storyIds: told.map((s) => s.id) };
  const background = [profile.summary, profile.headline, ...profile.experience.flatMap((e) => [e.company, ...e.highlights])].join("\n");
  if (pattern.test(background)) return { strength: "partial", reason: `Your profile mentions ${requirement.name}, but no story is set there.`, storyIds: [] };
  return { strength: "none", reason: `Nothing in your twin is set in ${requirement.name}.`, storyIds: [] };
}

/** Where the twin shows the requirement: its stories first, then the profile, with a strength and the reason. */
export function evidenceFor(requirement: Requirement, profile: Profile, stories: readonly Story[]): Evidence {
  switch (requirement.kind) {
    case "skill":
      return skillEvidence(requirement, profile, stories);
    case "competency":
      return competencyEvidence(requirement, stories);
    case "seniority":
      return seniorityEvidence(requirement, profile);
    case "domain":
      return domainEvidence(requirement, profile, stories);
  }
}
