// What the extension tells the cloud about the active interview project, derived from the
// person's own numbers on the local server. Pure: the forwarder passes the tool results in.
import type { z } from "zod";
import type { MemorySummary, Platform, ProjectPut, ProjectStatistics, TargetRoleSummary } from "#contracts/awareness.js";
import type { getTargetRoleOutput } from "#contracts/job-fit.js";
import type { getAnalyticsReportOutput, getNextMilestonesOutput } from "#contracts/progress.js";

type AnalyticsReport = z.infer<typeof getAnalyticsReportOutput>;
type Milestones = z.infer<typeof getNextMilestonesOutput>;
type TargetRole = z.infer<typeof getTargetRoleOutput>["target"];

export interface ActiveProject {
  id: string;
  name: string;
}

const MIN_ATTEMPTS_FOR_STRENGTH = 2;
const STRENGTH_ACCURACY = 0.7;
const MAX_ITEMS = 3;

/** The project a person chose, else one named after the workspace folder; null with neither. */
export function activeProject(chosen: string | undefined, workspaceFolder: string | undefined): ActiveProject | null {
  const name = chosen?.trim() || workspaceFolder?.trim();
  if (!name) return null;
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[^A-Za-z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 100);
  return { id: `vscode:${slug || "project"}`, name: name.slice(0, 200) };
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** Attempts and accuracy over the report's window (the last 30 days for a monthly report), the streak, milestones reached. */
export function projectStatistics(report: AnalyticsReport, milestones: Milestones): ProjectStatistics {
  return {
    attempts: report.current.attempts,
    accuracy: report.current.accuracy,
    streak_days: report.streakDays,
    milestones_reached: milestones.achieved.length,
  };
}

/** Strengths: the best-scoring categories with enough attempts; gaps: the weakest category and the top recommendations. */
export function memorySummary(report: AnalyticsReport): MemorySummary {
  const strengths = report.byCategory
    .filter((c) => c.attempts >= MIN_ATTEMPTS_FOR_STRENGTH && c.accuracy >= STRENGTH_ACCURACY)
    .sort((a, b) => b.accuracy - a.accuracy || b.attempts - a.attempts)
    .slice(0, MAX_ITEMS)
    .map((c) => `${c.category}: ${percent(c.accuracy)} accuracy over ${c.attempts} attempts`);
  const weakest = report.weakestCategory
    ? [`${report.weakestCategory.category}: ${percent(report.weakestCategory.accuracy)} accuracy over ${report.weakestCategory.attempts} attempts`]
    : [];
  const advice = report.recommendations.filter((r) => r.priority !== "low").map((r) => r.message.slice(0, 200));
  return { strengths, gaps: [...weakest, ...advice].slice(0, MAX_ITEMS) };
}

/** What other platforms need of the target role: the job, the fit, what to focus on and the gaps; never the posting itself. */
export function targetRoleSummary(target: TargetRole): TargetRoleSummary | null {
  if (!target) return null;
  return {
    role: (target.role ?? "Target role").slice(0, 200),
    company: target.company?.slice(0, 200) ?? null,
    fit: target.fit,
    focus: target.focusCompetencies.slice(0, 20),
    gaps: target.gaps.slice(0, 20).map((g) => `${g.name} (${g.importance}, ${g.strength === "none" ? "no evidence" : "partial evidence"})`.slice(0, 200)),
  };
}

/**
 * The PUT body for the active project, stamped with one clock. `platforms` is last-writer-wins as a
 * whole, so the list other platforms wrote (as last seen from the cloud) is kept and vscode added.
 */
export function projectUpdate(
  project: ActiveProject,
  report: AnalyticsReport,
  milestones: Milestones,
  lastActivity: string,
  clock: string,
  knownPlatforms: readonly Platform[] = [],
  target: TargetRole = null,
): ProjectPut {
  return {
    name: project.name,
    platforms: [...new Set<Platform>([...knownPlatforms, "vscode"])],
    last_activity: lastActivity,
    statistics: projectStatistics(report, milestones),
    memory_summary: memorySummary(report),
    // Sent only when saved here, so a target role another platform set is not wiped by a window without one.
    ...(target ? { target_role: targetRoleSummary(target) } : {}),
    clock,
  };
}
