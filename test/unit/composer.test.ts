import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { composeAnswer } from "../../mcp-server/src/domain/composer.js";
import { inferCompetencies } from "../../mcp-server/src/domain/competency-inference.js";
import { evaluateAnswer } from "../../mcp-server/src/domain/rubric/index.js";
import { words } from "../../mcp-server/src/domain/rubric/text.js";
import { BUILT_IN_VARIANTS, findVariant } from "../../mcp-server/src/domain/strategies.js";
import { searchStories } from "../../mcp-server/src/domain/story-match.js";
import { parseTwin } from "../../mcp-server/src/twin/parse.js";

const twin = parseTwin(readFileSync(path.join(__dirname, "../../mcp-server/src/twin/sample-twin.md"), "utf8"));
const QUESTION = "Tell me about a time you disagreed with a product manager.";
const competencies = inferCompetencies(QUESTION, "conflict");

describe("template composer", () => {
  it("has the four required strategies with descriptions and LLM prompts", () => {
    for (const id of ["star-focused", "example-driven", "concise", "detailed"]) {
      const v = findVariant(id);
      assert.ok(v && v.description && v.prompt.length > 100, id);
    }
  });

  it("picks a story that shows the question's competency", () => {
    const draft = composeAnswer({ question: QUESTION, variant: findVariant("star-focused")!, stories: twin.stories, competencies });
    const story = twin.stories.find((s) => s.id === draft.storyIds[0])!;
    assert.ok(story.competencies.includes("conflict-resolution"), story.id);
    assert.equal(draft.source, "template");
  });

  it("is deterministic and respects storyId", () => {
    const input = { question: QUESTION, variant: findVariant("concise")!, stories: twin.stories, competencies };
    assert.deepEqual(composeAnswer(input), composeAnswer(input));
    const chosen = twin.stories[0]!.id;
    assert.equal(composeAnswer({ ...input, storyId: chosen }).storyIds[0], chosen);
  });

  it("each strategy has its own shape: concise is shortest, detailed longest, example-driven uses two stories", () => {
    const drafts = Object.fromEntries(
      BUILT_IN_VARIANTS.map((variant) => [variant.id, composeAnswer({ question: QUESTION, variant, stories: twin.stories, competencies })]),
    );
    const length = (id: string) => words(drafts[id]!.response).length;
    assert.ok(length("concise") < length("star-focused") && length("star-focused") < length("detailed"));
    assert.ok(length("concise") <= findVariant("concise")!.targetWords[1]);
    assert.equal(drafts["example-driven"]!.storyIds.length, 2);
    assert.match(drafts["star-focused"]!.response, /^Situation: [\s\S]*\n\nTask: [\s\S]*\n\nAction: [\s\S]*\n\nResult: /);
  });

  it("template drafts from the sample twin score at least 'good' on the rubric", () => {
    for (const variant of BUILT_IN_VARIANTS) {
      const draft = composeAnswer({ question: QUESTION, variant, stories: twin.stories, competencies });
      const e = evaluateAnswer({ question: QUESTION, response: draft.response, competencies, stories: twin.stories });
      assert.ok(e.overall >= 60, `${variant.id}: ${e.overall}`);
      assert.ok(
        e.recognisedStories.some((s) => s.storyId === draft.storyIds[0]),
        variant.id,
      );
    }
  });

  it("full-text search ranks the story that mentions the query first", () => {
    const hits = searchStories(twin.stories, "kafka migration");
    assert.equal(hits[0]?.story.id, "rabbitmq-to-kafka-migration");
    assert.ok(hits[0]!.score > (hits[1]?.score ?? 0));
    assert.ok(searchStories(twin.stories, "migraton").length > 0, "fuzzy match");
  });
});
