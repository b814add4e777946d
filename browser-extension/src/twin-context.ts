import type { ToolResult } from "#contracts/tools.js";

type Profile = ToolResult<"get_profile">["profile"];
type Story = ToolResult<"get_star_stories">["stories"][number];
type Question = ToolResult<"practice_question">["question"];

const line = (parts: (string | null | false | undefined)[], separator = " · ") => parts.filter(Boolean).join(separator);

/**
 * What "Copy twin context" puts on the clipboard for a chat: a compact profile, the question being
 * practised, and the stories the coach suggests for it, as Markdown a model reads well. Pure.
 */
export function twinContext(profile: Profile, question: Question, stories: readonly Story[]): string {
  const target = line(
    [profile.targetRole && `Target role: ${profile.targetRole}`, profile.targetCompanies.length > 0 && `at ${profile.targetCompanies.join(", ")}`],
    " ",
  );
  const facts = line([profile.headline, target, profile.yearsExperience !== null && `${profile.yearsExperience} years' experience`, profile.location]);
  const out = ["# My background (from my Interview Coach twin)", "", `**${profile.name}**${facts ? ` · ${facts}` : ""}`];
  if (profile.summary) out.push("", profile.summary);
  if (profile.skills.length) out.push("", `Skills: ${profile.skills.join(", ")}`);
  if (profile.experience.length) {
    out.push("", "Experience:");
    for (const job of profile.experience)
      out.push(`- ${job.role}, ${job.company} (${job.period})${job.highlights.length ? `: ${job.highlights.join("; ")}` : ""}`);
  }
  out.push("", "## The question I am practising", "", `${question.text} (${question.category})`);
  if (stories.length) {
    out.push("", "## My stories that fit it");
    for (const story of stories) {
      out.push("", `### ${story.title}${story.competencies.length ? ` (${story.competencies.join(", ")})` : ""}`);
      out.push(`- Situation: ${story.situation}`, `- Task: ${story.task}`, `- Action: ${story.action}`, `- Result: ${story.result}`);
      if (story.metrics.length) out.push(`- Metrics: ${story.metrics.join("; ")}`);
    }
  }
  return `${out.join("\n")}\n`;
}
