import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { composeAnswer } from "../../mcp-server/src/domain/composer.js";
import { BUILT_IN_VARIANTS } from "../../mcp-server/src/domain/strategies.js";
import { numbersIn, recogniseStories } from "../../mcp-server/src/domain/story-recognition.js";
import { parseTwin } from "../../mcp-server/src/twin/parse.js";
import { STORY_RECOGNITION_CASES, type RecognitionCase } from "../fixtures/story-recognition.js";
import { STORY_RECOGNITION_HELD_OUT } from "../fixtures/story-recognition-held-out.js";

const twin = parseTwin(readFileSync(path.join(__dirname, "../../mcp-server/src/twin/sample-twin.md"), "utf8"));

/** Precision and recall of the recogniser over labelled answers, and the answers it got wrong. */
function measure(cases: readonly RecognitionCase[]): { precision: number; recall: number; told: number; misses: string[] } {
  let tp = 0;
  let reported = 0;
  let told = 0;
  const misses: string[] = [];
  for (const c of cases) {
    const found = recogniseStories(c.answer, twin.stories).map((r) => r.storyId);
    const hits = found.filter((id) => c.tells.includes(id)).length;
    tp += hits;
    reported += found.length;
    told += c.tells.length;
    if (hits !== found.length || hits !== c.tells.length)
      misses.push(`${c.name}: found ${found.join(", ") || "none"}, labelled ${c.tells.join(", ") || "none"}`);
  }
  return { precision: reported === 0 ? 1 : tp / reported, recall: tp / told, told, misses };
}

describe("story recognition", () => {
  for (const [set, cases] of [
    ["the development set", STORY_RECOGNITION_CASES],
    ["the held-out set, labelled apart from the recogniser", STORY_RECOGNITION_HELD_OUT],
  ] as const) {
    it(`reports a story only when the answer tells it: precision ≥ 0.9 and recall ≥ 0.8 over ${set} (${cases.length} answers)`, () => {
      const { precision, recall, told, misses } = measure(cases);
      console.log(
        `      story recognition, ${set}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (${told} stories told in ${cases.length} answers)`,
      );
      assert.ok(precision >= 0.9, `precision ${precision}; ${misses.join(" | ")}`);
      assert.ok(recall >= 0.8, `recall ${recall}; ${misses.join(" | ")}`);
    });
  }

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
    assert.deepEqual([...numbersIn("From 1,800 to 21,000 a second, 15k messages, 0.2% errors, seven months, 2 teams, in 2019")].sort(), [
      "0.2",
      "15000",
      "1800",
      "21000",
      "7",
    ]);
    assert.deepEqual([...numbersIn("a median of forty-five milliseconds, forty pods")].sort(), ["40", "45"], "forty-five is 45, not forty");
  });

  it("two of a story's numbers with none of its own words are a coincidence, not the story", () => {
    const ledger = twin.stories.find((s) => s.id === "ledger-write-path-redesign")!;
    const [a, b] = [...numbersIn([ledger.situation, ledger.result, ...ledger.metrics].join(" "))].filter((n) => Number(n) > 10);
    const elsewhere = `I built a shipping quote service; we served quotes at a p99 of ${a} milliseconds from ${b} instances, and I precomputed the rate tables nightly.`;
    assert.deepEqual(
      recogniseStories(elsewhere, twin.stories)
        .map((r) => r.storyId)
        .filter((id) => id === ledger.id),
      [],
    );
  });

  it("an answer that only plans or opines tells no story, whatever its words and numbers", () => {
    const planned =
      "If authorization errors hit 38% on Black Friday, I would switch the fraud check to its asynchronous mode and aim for 0.2% within 47 minutes, with no duplicate charges.";
    assert.deepEqual(recogniseStories(planned, twin.stories), []);
    const told =
      "When authorization errors hit 38% on Black Friday, I switched the fraud check to its asynchronous mode and we were back to 0.2% within 47 minutes, with no duplicate charges.";
    assert.deepEqual(
      recogniseStories(told, twin.stories).map((r) => [r.storyId, r.numbers]),
      [["black-friday-auth-outage", ["38", "0.2", "47"]]],
    );
  });
});
