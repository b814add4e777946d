import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { analyzeJobFit } from "../../mcp-server/src/domain/job-fit/index.js";
import { QUESTION_BANK } from "../../mcp-server/src/domain/questions/index.js";
import { parseTwin } from "../../mcp-server/src/twin/parse.js";
import { JOB_DESCRIPTIONS } from "../fixtures/job-descriptions.js";
import type { z } from "zod";
import { activeProject, memorySummary, projectUpdate } from "../../extension/src/cloud/awareness-snapshot.js";
import { projectPutInput } from "../../mcp-server/src/contracts/awareness.js";
import type { getAnalyticsReportOutput, getNextMilestonesOutput } from "../../mcp-server/src/contracts/progress.js";

type Report = z.infer<typeof getAnalyticsReportOutput>;
const window = (attempts: number, accuracy: number | null) => ({
  from: "2026-10-23T00:00:00.000Z",
  to: "2026-11-22T00:00:00.000Z",
  attempts,
  empty: attempts === 0,
  accuracy,
  storyCoverage: null,
  satisfaction: null,
  responseTime: null,
});
const category = (name: string, attempts: number, accuracy: number) => ({
  category: name,
  attempts,
  accuracy,
  storyCoverage: 0.5,
  satisfaction: 3,
  responseTimeP50: 90,
});

const report = {
  period: "monthly",
  category: null,
  generatedAt: "2026-11-22T00:00:00.000Z",
  current: window(12, 0.71),
  previous: window(4, 0.6),
  change: null,
  byCategory: [category("teamwork", 5, 0.84), category("leadership", 1, 0.95), category("conflict", 3, 0.78), category("failure", 3, 0.52)],
  weakestCategory: { category: "failure", accuracy: 0.52, attempts: 3 },
  streakDays: 4,
  trend: [],
  recommendations: [
    { kind: "weakest-category", priority: "high", message: "Practise failure questions: 52% over 3 attempts.", evidence: {}, category: "failure" },
    { kind: "slow-answers", priority: "low", message: "Answers run long.", evidence: {}, category: null },
  ],
} as unknown as Report;
const milestones = {
  userId: "me",
  next: [],
  achieved: [{ id: "practice-1", title: "First answer", description: "", achievedAt: "2026-11-01T00:00:00.000Z", value: 1 }],
} as z.infer<typeof getNextMilestonesOutput>;

describe("What the extension tells the cloud", () => {
  it("names the project after the chosen name, else the workspace folder", () => {
    assert.deepEqual(activeProject(undefined, "Acme Interview Prep"), { id: "vscode:acme-interview-prep", name: "Acme Interview Prep" });
    assert.deepEqual(activeProject("Staff role at Quillstack", "repo"), { id: "vscode:staff-role-at-quillstack", name: "Staff role at Quillstack" });
    assert.equal(activeProject("  ", undefined), null);
    assert.equal(activeProject(undefined, "Ünïcode café")!.id, "vscode:unicode-cafe");
  });

  it("summarises strengths from categories with enough attempts, and gaps from the weakest category and advice", () => {
    assert.deepEqual(memorySummary(report), {
      strengths: ["teamwork: 84% accuracy over 5 attempts", "conflict: 78% accuracy over 3 attempts"],
      gaps: ["failure: 52% accuracy over 3 attempts", "Practise failure questions: 52% over 3 attempts."],
    });
  });

  it("builds a PUT the server's own contract accepts, keeping platforms others wrote", () => {
    const body = projectUpdate(activeProject(undefined, "Acme")!, report, milestones, "2026-11-22T09:00:00.000Z", "001795338000000-00000-vscode", [
      "claude",
      "vscode",
    ]);
    const parsed = projectPutInput.parse(body);
    assert.deepEqual(parsed.platforms, ["claude", "vscode"]);
    assert.deepEqual(parsed.statistics, { attempts: 12, accuracy: 0.71, streak_days: 4, milestones_reached: 1 });
    assert.equal("target_role" in parsed, false, "no target role saved here: leave the one another platform set");
  });

  it("shares the target role's job, fit, focus and gaps, never the posting itself", () => {
    const twin = parseTwin(readFileSync(path.join(__dirname, "../../mcp-server/src/twin/sample-twin.md"), "utf8"));
    const job = JOB_DESCRIPTIONS[1]!;
    const fit = analyzeJobFit({ jobDescription: job.description, role: job.role, company: job.company }, twin, QUESTION_BANK);
    const body = projectPutInput.parse(
      projectUpdate(activeProject(undefined, "Acme")!, report, milestones, "2026-11-22T09:00:00.000Z", "001795338000000-00000-vscode", [], {
        ...fit,
        savedAt: "2026-11-22T08:00:00.000Z",
      }),
    );
    assert.equal(body.target_role?.role, "Junior Frontend Developer");
    assert.equal(body.target_role?.company, "Pebble Learning");
    assert.equal(body.target_role?.fit, fit.fit);
    assert.ok(body.target_role?.gaps.includes("React (must, no evidence)"), body.target_role?.gaps.join(" | "));
    assert.doesNotMatch(JSON.stringify(body), /primary school students/, "the posting's text stays local");
  });
});
