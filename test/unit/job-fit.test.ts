import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { analyzeJobFit, fitBand } from "../../mcp-server/src/domain/job-fit/index.js";
import { extractRequirements } from "../../mcp-server/src/domain/job-fit/requirements.js";
import { jobLines } from "../../mcp-server/src/domain/job-fit/sections.js";
import { skillsIn } from "../../mcp-server/src/domain/job-fit/skills-lexicon.js";
import { QUESTION_BANK } from "../../mcp-server/src/domain/questions/index.js";
import { parseTwin } from "../../mcp-server/src/twin/parse.js";
import { HELD_OUT_JOB_DESCRIPTIONS, JOB_DESCRIPTIONS, type LabelledJob } from "../fixtures/job-descriptions.js";
import { FULL_LENGTH_HELD_OUT, FULL_LENGTH_POSTINGS } from "../fixtures/job-postings/index.js";

const twin = parseTwin(readFileSync(path.join(__dirname, "../../mcp-server/src/twin/sample-twin.md"), "utf8"));
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, "-")
    .replace(/^-|-$/g, "");
const figures: string[] = [];

/** Precision, recall and must/nice agreement of the extraction against the labels, summed over the postings. */
function score(jobs: readonly LabelledJob[], label: string, eachPosting = true) {
  let tp = 0;
  let extracted = 0;
  let expected = 0;
  let sameImportance = 0;
  for (const job of jobs) {
    const found = new Map(extractRequirements(job.description, job.role).map((r) => [r.id, r]));
    const wanted = new Map(job.expected.map((e) => [`${e.kind}:${slug(e.name)}`, e]));
    const hits = [...wanted.keys()].filter((id) => found.has(id));
    tp += hits.length;
    extracted += found.size;
    expected += wanted.size;
    sameImportance += hits.filter((id) => found.get(id)!.importance === wanted.get(id)!.importance).length;
    if (eachPosting) figures.push(`${label} ${job.name}: precision ${(hits.length / found.size).toFixed(2)}, recall ${(hits.length / wanted.size).toFixed(2)}`);
  }
  const result = { precision: tp / extracted, recall: tp / expected, importance: sameImportance / tp };
  figures.push(
    `${label} overall: precision ${result.precision.toFixed(3)}, recall ${result.recall.toFixed(3)}, must/nice agreement ${result.importance.toFixed(3)} (${expected} labelled requirements)`,
  );
  return result;
}

type Figures = ReturnType<typeof score>;

/** Each figure at or above its floor, the measured value in the message. */
function atLeast(figures: Figures, floors: Partial<Figures>): void {
  for (const [name, floor] of Object.entries(floors) as [keyof Figures, number][]) assert.ok(figures[name] >= floor, `${name} ${figures[name]}`);
}

describe("job fit", () => {
  after(() => console.log(`      ${figures.join("\n      ")}`));

  it("extracts the requirements a careful reader lists from six postings (precision and recall ≥ 0.9, must/nice ≥ 0.9)", () => {
    atLeast(score(JOB_DESCRIPTIONS, "development set"), { precision: 0.9, recall: 0.9, importance: 0.9 });
  });

  it("holds up on postings written after the rules were set (precision ≥ 0.8, recall ≥ 0.7)", () => {
    atLeast(score(HELD_OUT_JOB_DESCRIPTIONS, "held-out set"), { precision: 0.8, recall: 0.7 });
  });

  it("reads full-length postings as people paste them (precision ≥ 0.9, recall ≥ 0.95, must/nice ≥ 0.95)", () => {
    atLeast(score(FULL_LENGTH_POSTINGS, "full-length set"), { precision: 0.9, recall: 0.95, importance: 0.95 });
  });

  it("holds up on full-length postings written after those rules were set (precision ≥ 0.9, recall ≥ 0.7, must/nice ≥ 0.9)", () => {
    atLeast(score(FULL_LENGTH_HELD_OUT, "full-length held-out set"), { precision: 0.9, recall: 0.7, importance: 0.9 });
  });

  it("over all eighteen labelled postings: precision ≥ 0.9, recall ≥ 0.9, must/nice ≥ 0.95", () => {
    atLeast(score([...JOB_DESCRIPTIONS, ...HELD_OUT_JOB_DESCRIPTIONS, ...FULL_LENGTH_POSTINGS, ...FULL_LENGTH_HELD_OUT], "all postings", false), {
      precision: 0.9,
      recall: 0.9,
      importance: 0.95,
    });
  });

  it("reads bold, emoji and bare headings, but not a bare requirement line that looks like one", () => {
    const sections = (text: string) => jobLines(text, (t) => skillsIn(t).length > 0).map((l) => [l.section, l.text]);
    assert.deepEqual(sections("**What you will bring**\n- Go\n\n**Desirable**\n- dbt."), [
      ["requirements", "Go"],
      ["nice", "dbt."],
    ]);
    assert.deepEqual(sections("✨ Extra points for\n- Kafka\n\n🎁 What we offer\n- A laptop"), [
      ["nice", "Kafka"],
      ["ignored", "A laptop"],
    ]);
    // An unbulleted list: "Experience with Kafka" names a skill and continues the list.
    assert.deepEqual(sections("Bonus points\n\nChaos engineering\nExperience with Kafka\n\nWhat's in it for you\n\nA competitive salary."), [
      ["nice", "Chaos engineering"],
      ["nice", "Experience with Kafka"],
      ["ignored", "A competitive salary."],
    ]);
  });

  it("applies 'ideally' to what follows it, and reads qualified and worded years", () => {
    const found = (text: string) => extractRequirements(`Requirements\n- ${text}`).map((r) => `${r.id} ${r.importance}`);
    assert.deepEqual(found("Experience with relational databases, ideally PostgreSQL."), ["skill:postgresql nice", "skill:relational-databases must"]);
    assert.deepEqual(found("At least 7 years of experience, including 2 or more years managing engineering teams."), [
      "seniority:7+-years-of-experience must",
      "seniority:2+-years-of-management-experience must",
    ]);
    assert.deepEqual(found("Typically eight or more years of industry experience."), ["seniority:8+-years-of-experience must"]);
    assert.deepEqual(found("Up to 2 years of professional experience."), []);
  });

  it("reads no requirement from the company blurb, benefits or equal-opportunity text", () => {
    const lines = jobLines(
      "About us\nWe love Kafka and React.\nRequirements\n- Go in production\nBenefits\n- Free Python courses\nEqual opportunity\nWe welcome mentors of every kind.",
    );
    assert.deepEqual(
      lines.map((l) => [l.section, l.text]),
      [
        ["company", "We love Kafka and React."],
        ["requirements", "Go in production"],
        ["ignored", "Free Python courses"],
        ["ignored", "We welcome mentors of every kind."],
      ],
    );
    assert.deepEqual(
      extractRequirements("About us\nWe love Kafka and React.\nRequirements\n- Go in production\nBenefits\n- Free Python courses").map((r) => r.id),
      ["skill:go"],
    );
  });

  it("matches skills as words, the ordinary-word ones only as written", () => {
    assert.deepEqual(
      skillsIn("Go, k8s, C++, C#, CI/CD and Postgres").map((s) => s.name),
      ["Go", "C++", "C#", "PostgreSQL", "Kubernetes", "CI/CD"],
    );
    assert.deepEqual(skillsIn("let's go and rest, then rust-proof the node"), []);
  });

  it("reports a requirement the twin lacks as a gap, and matches one it has to the right story", () => {
    const fit = analyzeJobFit(
      { jobDescription: JOB_DESCRIPTIONS[0]!.description, role: "Senior Platform Engineer", company: "Harborline Payments" },
      twin,
      QUESTION_BANK,
    );
    const kafka = fit.requirements.find((r) => r.id === "skill:kafka")!;
    assert.equal(kafka.evidence.strength, "strong");
    assert.equal(kafka.evidence.storyIds[0], "rabbitmq-to-kafka-migration", "the story about Kafka comes before those that only use it");
    assert.equal(
      kafka.evidence.reason,
      'Story "Leading nine teams from RabbitMQ to Kafka" tells Kafka in its task, result and tags, with a metric (and 2 more).',
    );
    const mentoring = fit.requirements.find((r) => r.id === "competency:mentoring")!;
    assert.deepEqual(mentoring.evidence.storyIds, ["mentoring-graduate-engineer"]);
    assert.deepEqual(
      fit.gaps.map((g) => [g.name, g.importance, g.strength]),
      [["PCI DSS", "nice", "none"]],
    );

    const frontend = analyzeJobFit({ jobDescription: JOB_DESCRIPTIONS[1]!.description, role: "Junior Frontend Developer" }, twin, QUESTION_BANK);
    const gaps = frontend.gaps.map((g) => g.name);
    for (const missing of ["React", "TypeScript", "HTML", "CSS"]) assert.ok(gaps.includes(missing), `${missing} is a gap: ${gaps.join(", ")}`);
    assert.match(frontend.gaps.find((g) => g.name === "React")!.prepare, /^Learn or refresh React: it is not in your skills, experience or stories/);
    assert.ok(frontend.fit < fit.fit, `${frontend.fit} < ${fit.fit}`);
  });

  it("names the closest story for a competency no story is tagged with, and what to prepare from it", () => {
    const withoutMentoring = { ...twin, stories: twin.stories.filter((s) => !s.competencies.includes("mentoring")) };
    const fit = analyzeJobFit({ jobDescription: "Requirements\n- Mentor junior engineers and grow the team." }, withoutMentoring, QUESTION_BANK);
    const mentoring = fit.requirements.find((r) => r.id === "competency:mentoring")!;
    assert.equal(mentoring.evidence.strength, "none");
    assert.equal(mentoring.evidence.closestStoryId, "rabbitmq-to-kafka-migration");
    const gap = fit.gaps.find((g) => g.name === "mentoring")!;
    assert.equal(gap.closestStoryId, "rabbitmq-to-kafka-migration");
    assert.match(
      gap.prepare,
      /^Prepare a story showing mentoring: none of your 9 stories is tagged mentoring; the closest is "Leading nine teams from RabbitMQ to Kafka" to build on, then practise "/,
    );
  });

  it("weighs management years by the roles held, and years with a skill by the skill, at most partial", () => {
    const fit = analyzeJobFit(
      { jobDescription: "Requirements\n- 5+ years of experience, including at least 3 years building Kafka pipelines, and 2 years managing engineers." },
      twin,
      QUESTION_BANK,
    );
    const strength = (id: string) => fit.requirements.find((r) => r.id === id)?.evidence.strength;
    assert.equal(strength("seniority:5+-years-of-experience"), "strong");
    assert.equal(strength("seniority:3+-years-of-kafka-experience"), "partial");
    assert.equal(strength("seniority:2+-years-of-management-experience"), "partial");
    assert.match(
      fit.practice.find((p) => p.requirementId === "seniority:2+-years-of-management-experience")!.question,
      /^This role needs 2\+ years managing engineers/,
    );
  });

  it("weights musts twice nice-to-haves, strong 1, partial ½, and explains the fit", () => {
    const fit = analyzeJobFit({ jobDescription: "Requirements\n- Strong Go.\n- Experience with React.\nNice to have\n- Terraform." }, twin, QUESTION_BANK);
    // Go strong (2 × 1), React none (2 × 0), Terraform strong (1 × 1): 3 of 5.
    assert.deepEqual(
      fit.requirements.map((r) => [r.name, r.importance, r.evidence.strength]),
      [
        ["Go", "must", "strong"],
        ["React", "must", "none"],
        ["Terraform", "nice", "strong"],
      ],
    );
    assert.equal(fit.fit, 60);
    assert.equal(fit.band, "good");
    assert.equal(
      fit.explanation,
      "Fit 60/100 (good): your twin shows 1 of 2 must-haves with strong evidence (Go); no evidence for React; 1 of 1 nice-to-haves covered.",
    );
    assert.equal(fitBand(39), "low");
    assert.equal(fitBand(80), "strong");
  });

  it("builds a practice set: bank questions for the probed competencies, generated ones for the must-haves, gaps first", () => {
    const fit = analyzeJobFit({ jobDescription: JOB_DESCRIPTIONS[3]!.description, role: "Engineering Manager, Checkout" }, twin, QUESTION_BANK);
    assert.ok(fit.practice.length > 0 && fit.practice.length <= 10);
    const firstNonGap = fit.practice.findIndex((p) => !p.forGap);
    assert.ok(firstNonGap === -1 || fit.practice.slice(firstNonGap).every((p) => !p.forGap), "gap practice comes first");
    for (const item of fit.practice.filter((p) => p.source === "bank"))
      assert.ok(QUESTION_BANK.some((q) => q.id === item.questionId && q.text === item.question && q.category === item.category));
    assert.ok(fit.practice.some((p) => p.source === "generated"));
    // A generated question is practised under a category: a skill under technical depth, management under leadership.
    for (const item of fit.practice.filter((p) => p.source === "generated")) {
      const kind = item.requirementId.split(":")[0];
      if (kind === "skill") assert.equal(item.category, "technical", item.requirementId);
      if (/management-experience$/.test(item.requirementId)) assert.equal(item.category, "leadership", item.requirementId);
      assert.ok(item.lookFor.length > 20, item.requirementId);
    }
    assert.ok(fit.focusCompetencies.includes("conflict-resolution"));
  });

  it("says so when a posting holds no requirements", () => {
    const fit = analyzeJobFit({ jobDescription: "About us\nWe are a friendly company with a dog." }, twin, QUESTION_BANK);
    assert.deepEqual([fit.requirements.length, fit.fit, fit.gaps.length], [0, 0, 0]);
    assert.match(fit.explanation, /No requirements found/);
  });
});
