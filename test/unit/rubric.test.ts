import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DIMENSION_WEIGHTS, evaluateAnswer, bandOf } from "../../mcp-server/src/domain/rubric/index.js";
import { sentences } from "../../mcp-server/src/domain/rubric/text.js";
import { isCategory, type Category } from "../../mcp-server/src/domain/vocabulary.js";
import { parseTwin } from "../../mcp-server/src/twin/parse.js";
import { ANSWER_PAIRS } from "../fixtures/answer-pairs.js";

const MARGIN = 10;
const twin = parseTwin(readFileSync(path.join(__dirname, "../../mcp-server/src/twin/sample-twin.md"), "utf8"));

function score(question: string, response: string, category: string) {
  assert.ok(isCategory(category), `fixture category ${category}`);
  return evaluateAnswer({ question, response, category: category as Category });
}

describe("rubric", () => {
  describe("does not inflate weak answers (fixture pairs)", () => {
    for (const pair of ANSWER_PAIRS) {
      it(`${pair.weakness}: ${pair.name} scores at least ${MARGIN} below its strong answer`, () => {
        const strong = score(pair.question, pair.strong, pair.category);
        const weak = score(pair.question, pair.weak, pair.category);
        assert.ok(strong.overall - weak.overall >= MARGIN, `strong ${strong.overall} vs weak ${weak.overall}`);
        assert.ok(strong.overall >= 65, `a complete first-person STAR answer with a measured result scores ${strong.overall}`);
      });
    }
  });

  describe("each weakness shows in the dimension that names it", () => {
    const byWeakness = (w: string) => ANSWER_PAIRS.filter((p) => p.weakness === w);
    it("one-line answers are weak and flagged as too short", () => {
      for (const p of byWeakness("one-line")) {
        const e = score(p.question, p.weak, p.category);
        assert.equal(e.band, "weak", `${p.name}: ${e.overall}`);
        assert.ok(e.feedback.some((f) => f.dimension === "conciseness" && /too short/.test(f.message)));
      }
    });
    it("off-topic answers lose relevance", () => {
      for (const p of byWeakness("off-topic")) {
        const weak = score(p.question, p.weak, p.category).dimensions.relevance;
        const strong = score(p.question, p.strong, p.category).dimensions.relevance;
        assert.ok(weak < strong, `${p.name}: relevance ${weak} vs ${strong}`);
        assert.ok(score(p.question, p.weak, p.category).dimensions.structure < 50, p.name);
      }
    });
    it("hypothetical answers are detected, quoted and lose ownership", () => {
      for (const p of byWeakness("hypothetical")) {
        const e = score(p.question, p.weak, p.category);
        assert.ok(e.hypotheticalPhrases.length >= 2, p.name);
        assert.ok(e.dimensions.ownership < 30, `${p.name}: ownership ${e.dimensions.ownership}`);
        const line = e.feedback.find((f) => f.dimension === "ownership");
        assert.ok(line?.quote && /would|'d/i.test(line.quote), p.name);
      }
    });
    it("team-only answers lose ownership and are told to say what was theirs", () => {
      for (const p of byWeakness("team-only")) {
        const e = score(p.question, p.weak, p.category);
        assert.ok(e.dimensions.ownership < 30, `${p.name}: ${e.dimensions.ownership}`);
        assert.ok(
          e.feedback.some((f) => f.dimension === "ownership" && /"we"/.test(f.message)),
          p.name,
        );
      }
    });
    it("result-less answers score no result and are told to end with one", () => {
      for (const p of byWeakness("result-less")) {
        const e = score(p.question, p.weak, p.category);
        assert.ok(e.star.result < score(p.question, p.strong, p.category).star.result, p.name);
        assert.ok(
          e.feedback.some((f) => /result/i.test(f.message)),
          p.name,
        );
      }
    });
    it("filler-heavy answers list their fillers and lose clarity", () => {
      for (const p of byWeakness("filler-heavy")) {
        const e = score(p.question, p.weak, p.category);
        assert.ok(e.fillerWords.reduce((n, f) => n + f.count, 0) >= 10, p.name);
        assert.ok(e.dimensions.clarity < 40, `${p.name}: clarity ${e.dimensions.clarity}`);
        assert.ok(e.feedback.some((f) => f.dimension === "clarity" && /fillers/.test(f.message)));
      }
    });
  });

  it("is deterministic", () => {
    const p = ANSWER_PAIRS[0]!;
    assert.deepEqual(score(p.question, p.strong, p.category), score(p.question, p.strong, p.category));
  });

  it("every quote in the feedback comes from the answer", () => {
    for (const p of ANSWER_PAIRS) {
      for (const answer of [p.strong, p.weak]) {
        const normalised = answer.replace(/\s+/g, " ");
        for (const f of score(p.question, answer, p.category).feedback) {
          if (f.quote) assert.ok(normalised.includes(f.quote.replace(/^…|…$/g, "").trim()), `quote not in answer: ${f.quote}`);
        }
      }
    }
  });

  it("overall is the documented weighted sum of the dimensions", () => {
    const p = ANSWER_PAIRS[3]!;
    const e = score(p.question, p.strong, p.category);
    const weighted = Object.entries(DIMENSION_WEIGHTS).reduce((sum, [d, w]) => sum + w * e.dimensions[d as keyof typeof e.dimensions], 0);
    assert.equal(e.overall, Math.round(weighted));
    assert.equal(
      Object.values(DIMENSION_WEIGHTS)
        .reduce((a, b) => a + b, 0)
        .toFixed(6),
      "1.000000",
    );
  });

  it("counts words and estimates speaking time at 150 words a minute", () => {
    const e = evaluateAnswer({ question: "Tell me about a conflict", response: Array.from({ length: 300 }, () => "word").join(" ") });
    assert.equal(e.wordCount, 300);
    assert.equal(e.speakingSeconds, 120);
  });

  it("finds measured results, including counts and percentages, but not bare years", () => {
    const e = evaluateAnswer({
      question: "Tell me about a performance win",
      response: "In 2022 I cut p99 latency from 1.8 s to 320 ms, saved $40k a year and processed 14,000 claims with zero duplicate payouts.",
    });
    assert.deepEqual(e.quantifiedResults, ["1.8 s", "320 ms", "$40k", "14,000 claims", "zero duplicate payouts"]);
  });

  it("recognises the twin story an answer draws on", () => {
    const story = twin.stories[1]!;
    const answer = `${story.situation} ${story.task} ${story.action} ${story.result}`;
    const e = evaluateAnswer({ question: "Tell me about a system you designed", response: answer, stories: twin.stories });
    assert.equal(e.recognisedStories[0]?.storyId, story.id);
    const unrelated = evaluateAnswer({ question: "Why this company?", response: "I like the mission and the people I met.", stories: twin.stories });
    assert.deepEqual(unrelated.recognisedStories, []);
  });

  it("keeps decimals inside one sentence", () => {
    assert.equal(sentences("The rate was 0.4% last quarter. Then it fell.").length, 2);
  });

  it("bands: <40 weak, <60 developing, <75 good, else strong", () => {
    assert.deepEqual([39, 40, 59, 60, 74, 75].map(bandOf), ["weak", "developing", "developing", "good", "good", "strong"]);
  });

  describe("resists gaming", () => {
    const q = "Tell me about a time you led a team through a difficult technical migration.";
    it("caps short answers however well chosen their words: under 50 words at 39, under 70 at 59", () => {
      const stuffed = evaluateAnswer({ question: q, response: "I led the team. I owned the decision. I reduced latency 40%. I cut $2m. I shipped 3x." });
      assert.equal(stuffed.overall <= 39, true, String(stuffed.overall));
      const sixty = evaluateAnswer({
        question: q,
        response: Array.from({ length: 5 }, () => "I led the migration and I reduced latency by 40% for our team.").join(" "),
      });
      assert.ok(sixty.wordCount >= 50 && sixty.wordCount < 70 && sixty.overall <= 59, `${sixty.wordCount} words: ${sixty.overall}`);
    });
    it("does not count bare STAR labels as content", () => {
      const e = evaluateAnswer({ question: q, response: "Situation: Task: Action: Result:" });
      assert.equal(e.dimensions.specificity, 0);
    });
    it("counts an intention as no action: 'I planned to…' is not 'I planned'", () => {
      assert.equal(evaluateAnswer({ question: q, response: "I planned to move fast. I hoped to finish." }).star.action, 0);
      assert.equal(evaluateAnswer({ question: q, response: "I planned the cut-over. I moved fast." }).star.action, 75);
    });
  });

  it("reads a lower-case 'i' as the first person", () => {
    const strong = ANSWER_PAIRS[0]!;
    const lower = strong.strong.replace(/\bI\b/g, "i");
    const upperScore = score(strong.question, strong.strong, strong.category);
    const lowerScore = score(strong.question, lower, strong.category);
    assert.ok(Math.abs(upperScore.overall - lowerScore.overall) <= 2, `${upperScore.overall} vs ${lowerScore.overall}`);
  });

  it("keeps accented words whole and finds numbers only where they start", () => {
    const e = evaluateAnswer({ question: "Tell me about a customer", response: "I met Müller at the café and cut latency by 40%." });
    assert.equal(e.wordCount, 11);
    assert.deepEqual(e.quantifiedResults, ["40%"]);
    assert.deepEqual(evaluateAnswer({ question: "x", response: "1,1,1,1 items" }).quantifiedResults, ["1,1,1,1 items"]);
  });

  it("says when an answer is not in English rather than scoring it silently", () => {
    const german =
      "Im Jahr 2022 leitete ich bei einer Versicherung die Migration unseres Schadensystems. Meine Aufgabe war es, die Umstellung ohne Ausfall abzuschließen. Ich plante vier Etappen und testete jede Etappe mit echten Nutzern.";
    assert.ok(evaluateAnswer({ question: "Tell me about a migration", response: german }).feedback.some((f) => /reads English answers/.test(f.message)));
    for (const p of ANSWER_PAIRS) assert.ok(!score(p.question, p.strong, p.category).feedback.some((f) => /reads English/.test(f.message)), p.name);
  });
});

describe("STAR spans", () => {
  it("mark each sentence with the STAR parts it carries, by offsets into the answer", () => {
    const answer =
      "At Ledgerly in 2023 our checkout kept timing out. My goal was to fix it before the sale. I profiled the service and I added an index. As a result, p99 latency fell from 1.8 s to 320 ms.";
    const { starSpans } = evaluateAnswer({ question: "Tell me about a performance problem", response: answer });
    const byText = starSpans.map((s) => [answer.slice(s.start, s.end), s.elements]);
    assert.deepEqual(byText, [
      ["At Ledgerly in 2023 our checkout kept timing out.", ["situation"]],
      ["My goal was to fix it before the sale.", ["task"]],
      ["I profiled the service and I added an index.", ["action"]],
      ["As a result, p99 latency fell from 1.8 s to 320 ms.", ["result"]],
    ]);
  });
});
