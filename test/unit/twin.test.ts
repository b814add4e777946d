import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseTwin, TwinParseError } from "../../mcp-server/src/twin/parse.js";

const SAMPLE = readFileSync(path.join(__dirname, "../../mcp-server/src/twin/sample-twin.md"), "utf8");

const MINIMAL = `---
name: Sam Lee
targetRole: Backend Engineer
---

## Story: Fixing the flaky deploys
id: flaky-deploys
competencies: ownership, problem-solving
tags: CI, Reliability
metrics: deploy failures 12% → 1%

### Situation
Deploys failed often.
### Task
I had to fix them.
### Action
I traced the failures to a race in the migration step.
### Result
Failures fell from 12% to 1%.
`;

function parseError(markdown: string): TwinParseError {
  try {
    parseTwin(markdown, "twin.md");
  } catch (error) {
    assert.ok(error instanceof TwinParseError, String(error));
    return error;
  }
  assert.fail("expected a parse error");
}

describe("twin file", () => {
  it("the sample twin parses: at least 8 stories across at least 6 competencies", () => {
    const twin = parseTwin(SAMPLE);
    assert.ok(twin.stories.length >= 8);
    assert.ok(new Set(twin.stories.flatMap((s) => s.competencies)).size >= 6);
    assert.ok(twin.profile.name && twin.profile.targetRole);
    for (const s of twin.stories) assert.ok(s.situation && s.task && s.action && s.result, s.id);
  });

  it("parses a minimal twin with fields, lists and line numbers", () => {
    const twin = parseTwin(MINIMAL);
    assert.equal(twin.profile.name, "Sam Lee");
    assert.deepEqual(twin.profile.skills, []);
    const [story] = twin.stories;
    assert.equal(story?.id, "flaky-deploys");
    assert.deepEqual(story?.competencies, ["ownership", "problem-solving"]);
    assert.deepEqual(story?.tags, ["ci", "reliability"]);
    assert.deepEqual(story?.metrics, ["deploy failures 12% → 1%"]);
    assert.equal(story?.line, 6);
    assert.equal(story?.learnings, null);
  });

  it("derives an id from the title when none is given", () => {
    const twin = parseTwin(MINIMAL.replace("id: flaky-deploys\n", ""));
    assert.equal(twin.stories[0]?.id, "fixing-the-flaky-deploys");
  });

  it("derives ids from accented titles without stray hyphens", () => {
    const twin = parseTwin(MINIMAL.replace("id: flaky-deploys\n", "").replace("Fixing the flaky deploys", "Überführung im Café"));
    assert.equal(twin.stories[0]?.id, "uberfuhrung-im-cafe");
  });

  it("keeps headings inside fenced code as story text", () => {
    const twin = parseTwin(
      MINIMAL.replace("I traced the failures to a race in the migration step.", "I traced it:\n```\n## not a heading\n### nor this\n```\nThen I fixed it."),
    );
    assert.match(twin.stories[0]!.action, /## not a heading[\s\S]*Then I fixed it\./);
  });

  const cases: [string, string, number, RegExp][] = [
    [
      "title with nothing to derive an id from",
      MINIMAL.replace("id: flaky-deploys\n", "").replace("Fixing the flaky deploys", "🚀🚀"),
      6,
      /an "id:" line for story "🚀🚀"/,
    ],
    ["no front matter", MINIMAL.replace(/^---\n/, ""), 1, /start with "---"/],
    ["unclosed front matter", "---\nname: x\n", 3, /closing "---"/],
    ["missing name", MINIMAL.replace("name: Sam Lee\n", ""), 2, /needs "name"/],
    ["bad YAML", MINIMAL.replace("name: Sam Lee", "name: [Sam"), 3, /valid YAML/],
    ["unknown competency", MINIMAL.replace("ownership, problem-solving", "ownership, heroics"), 8, /competency from: .*got "heroics"/],
    ["missing competencies", MINIMAL.replace("competencies: ownership, problem-solving\n", ""), 6, /needs a "competencies:" line/],
    ["unknown section", MINIMAL.replace("### Result", "### Outcome"), 18, /one of ### Situation.*got "### Outcome"/],
    ["sections out of order", MINIMAL.replace("### Task\nI had to fix them.\n### Action", "### Action\nI had to fix them.\n### Task"), 16, /in the order/],
    ["missing result", MINIMAL.replace("### Result\nFailures fell from 12% to 1%.\n", ""), 6, /needs a non-empty "### Result"/],
    ["bad heading", MINIMAL.replace("## Story: Fixing", "## Fixing"), 6, /## Story: <title>/],
    ["stray line before sections", MINIMAL.replace("metrics:", "note: hi\nmetrics:"), 10, /story field/],
    ["duplicate id", MINIMAL + MINIMAL.slice(MINIMAL.indexOf("## Story")), 21, /already used by the story on line 6/],
  ];
  for (const [name, markdown, line, message] of cases) {
    it(`names the line and what was expected: ${name}`, () => {
      const error = parseError(markdown);
      assert.equal(error.line, line, error.message);
      assert.match(error.message, message);
      assert.match(error.message, new RegExp(`^twin.md, line ${line}: `));
    });
  }
});
