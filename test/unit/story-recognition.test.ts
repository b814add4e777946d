import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { composeAnswer } from "../../mcp-server/src/domain/composer.js";
import { BUILT_IN_VARIANTS } from "../../mcp-server/src/domain/strategies.js";
import { numbersIn, recogniseStories } from "../../mcp-server/src/domain/story-recognition.js";
import { parseTwin } from "../../mcp-server/src/twin/parse.js";
import { STORY_RECOGNITION_CASES } from "../fixtures/story-recognition.js";

const twin = parseTwin(readFileSync(path.join(__dirname, "../../mcp-server/src/twin/sample-twin.md"), "utf8"));

describe("story recognition", () => {
  it(`reports a story only when the answer tells it: precision ≥ 0.9 and recall ≥ 0.8 over ${STORY_RECOGNITION_CASES.length} labelled answers`, () => {
    let tp = 0;
    let reported = 0;
    let told = 0;
    const misses: string[] = [];
    for (const c of STORY_RECOGNITION_CASES) {
      const found = recogniseStories(c.answer, twin.stories).map((r) => r.storyId);
      const hits = found.filter((id) => c.tells.includes(id)).length;
      tp += hits;
      reported += found.length;
      told += c.tells.length;
      if (hits !== found.length || hits !== c.tells.length) misses.push(`${c.name}: found ${found.join(", ") || "none"}`);
    }
    const precision = tp / reported;
    const recall = tp / told;
    console.log(`      story recognition: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (${told} stories told in ${STORY_RECOGNITION_CASES.length} answers)`);
    assert.ok(precision >= 0.9, `precision ${precision}; ${misses.join(" | ")}`);
    assert.ok(recall >= 0.8, `recall ${recall}; ${misses.join(" | ")}`);
  });

  it("recognises the story a template draft was composed from, in every strategy", () => {
    for (const story of twin.stories) {
      for (const variant of BUILT_IN_VARIANTS.filter((v) => v.id !== "example-driven")) {
        const draft = composeAnswer({ question: story.title, variant, stories: twin.stories, competencies: story.competencies, storyId: story.id });
        const found = recogniseStories(draft.response, twin.stories).map((r) => r.storyId);
        assert.ok(found.includes(story.id), `${variant.id} draft of ${story.id}: found ${found.join(", ") || "none"}`);
      }
    }
  });

  it("reads numbers as people say them, leaving out small counts and years", () => {
    assert.deepEqual([...numbersIn("From 1,800 to 21,000 a second, 15k messages, 0.2% errors, seven months, 2 teams, in 2019")].sort(), ["0.2", "15000", "1800", "21000", "7"]);
  });

  it("an answer that only plans or opines tells no story, whatever its words and numbers", () => {
    const planned = "If authorization errors hit 38% on Black Friday, I would switch the fraud check to its asynchronous mode and aim for 0.2% within 47 minutes, with no duplicate charges.";
    assert.deepEqual(recogniseStories(planned, twin.stories), []);
    const told = "When authorization errors hit 38% on Black Friday, I switched the fraud check to its asynchronous mode and we were back to 0.2% within 47 minutes, with no duplicate charges.";
    assert.deepEqual(
      recogniseStories(told, twin.stories).map((r) => [r.storyId, r.numbers]),
      [["black-friday-auth-outage", ["38", "0.2", "47"]]],
    );
  });
});
