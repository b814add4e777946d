import assert from "node:assert/strict";
import { errorText, startCoach, type Harness } from "../support/in-memory-coach.js";
import { JOB_DESCRIPTIONS } from "../fixtures/job-descriptions.js";
import { FULL_LENGTH_POSTINGS } from "../fixtures/job-postings/index.js";

type Fit = {
  fit: number;
  band: string;
  explanation: string;
  gaps: { name: string; requirementId: string; prepare: string; closestStoryId: string | null }[];
  requirements: { id: string; kind: string; importance: string; quote: string; evidence: { strength: string; reason: string; storyIds: string[] } }[];
  focusCompetencies: string[];
  practice: { source: string; questionId: string | null }[];
};

describe("job fit over MCP", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startCoach();
  });
  afterEach(() => h.close());

  const frontend = JOB_DESCRIPTIONS[1]!;

  it("analyze_job_fit answers the requirements, evidence, fit, gaps and practice, and stores nothing", async () => {
    const fit = await h.ok<Fit>("analyze_job_fit", { jobDescription: frontend.description, role: frontend.role, company: frontend.company });
    assert.ok(fit.requirements.some((r) => r.id === "skill:react"));
    assert.ok(fit.gaps.some((g) => g.name === "React"));
    assert.ok(fit.practice.length > 0);
    assert.equal((await h.ok<{ target: unknown }>("get_target_role")).target, null);
  });

  it("answers a full-length posting with each requirement's quote and evidence, and the Kafka story for Kafka", async () => {
    const posting = FULL_LENGTH_POSTINGS[0]!;
    const fit = await h.ok<Fit>("analyze_job_fit", { jobDescription: posting.description, role: posting.role, company: posting.company });
    const kafka = fit.requirements.find((r) => r.id === "skill:kafka")!;
    assert.deepEqual([kafka.kind, kafka.importance, kafka.evidence.strength], ["skill", "must", "strong"]);
    assert.ok(kafka.evidence.storyIds.includes("rabbitmq-to-kafka-migration"));
    assert.ok(posting.description.includes(kafka.quote), "the quote is the posting's own words");
    assert.match(fit.explanation, /^Fit \d+\/100 \((low|partial|good|strong)\)/);
    assert.ok(fit.practice.some((p) => p.source === "bank" && p.questionId) && fit.practice.some((p) => p.source === "generated" && p.questionId === null));
    assert.ok(!fit.requirements.some((r) => r.id === "skill:redis"), "the stack list and benefits ask for nothing");
  });

  it("refuses an empty, blank or oversized description, naming the field and the rule", async () => {
    const cases: [unknown, RegExp][] = [
      ["", /must not be empty \(the job description\) at jobDescription/],
      ["   ", /must not be empty \(the job description\) at jobDescription/],
      ["x".repeat(50_001), /must be at most 50000 characters at jobDescription/],
      [undefined, /must be text \(the job description\) at jobDescription/],
    ];
    for (const [jobDescription, rule] of cases) {
      const result = await h.call("analyze_job_fit", jobDescription === undefined ? {} : { jobDescription });
      assert.equal(result.isError, true);
      assert.match(errorText(result), rule);
    }
    const both = await h.call("set_target_role", { jobDescription: frontend.description, clear: true });
    assert.equal(both.isError, true);
    assert.match(errorText(both), /^jobDescription: give either jobDescription/);
    assert.equal((await h.ok<{ target: unknown }>("get_target_role")).target, null, "nothing saved");
  });

  it("a saved target role steers practice and recommendations, is exported, and can be cleared", async () => {
    const saved = await h.ok<{ target: Fit & { role: string; savedAt: string } }>("set_target_role", {
      jobDescription: frontend.description,
      role: frontend.role,
      company: frontend.company,
    });
    assert.equal(saved.target.role, "Junior Frontend Developer");
    const next = await h.ok<{ reason: string; explanation: string; question: { competencies: string[] } }>("practice_question");
    assert.equal(next.reason, "target-role");
    assert.match(next.explanation, /Prepares you for Junior Frontend Developer at Pebble Learning/);
    assert.ok(next.question.competencies.some((c) => saved.target.focusCompetencies.includes(c)));
    const { recommendations } = await h.ok<{ recommendations: { title: string; priority: string }[] }>("get_personalized_recommendations", {
      includeAnalytics: false,
    });
    const prepare = recommendations.filter((r) => r.title.startsWith("Prepare for Junior Frontend Developer at Pebble Learning"));
    assert.ok(prepare.length >= 1, recommendations.map((r) => r.title).join(" | "));
    assert.equal(prepare[0]!.priority, "high");
    const read = await h.ok<{ target: Fit & { savedAt: string } }>("get_target_role");
    assert.equal(read.target.savedAt, saved.target.savedAt);
    assert.equal(read.target.fit, saved.target.fit);
    const exported = await h.ok<{ targetRole: { job_description: string }[] }>("export_data");
    assert.equal(exported.targetRole[0]!.job_description, frontend.description);
    assert.deepEqual(await h.ok("set_target_role", { clear: true }), { target: null });
    assert.equal((await h.ok<{ target: unknown }>("get_target_role")).target, null);
    assert.notEqual((await h.ok<{ reason: string }>("practice_question")).reason, "target-role");
  });
});
