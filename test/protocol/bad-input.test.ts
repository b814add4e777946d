import assert from "node:assert/strict";
import { errorText, startCoach, type Harness } from "../support/in-memory-coach.js";

const Q = "Tell me about a time you disagreed with a colleague.";
const GOOD_RECORD = { accuracy: 0.5, storyCoverage: 0.5, satisfaction: 3, responseTime: 60, category: "conflict" };

/** [tool, arguments, what the error must say (the field and the rule)] */
const CASES: [string, Record<string, unknown>, RegExp][] = [
  ["get_star_stories", { competency: "heroics" }, /must be one of: leadership.* at competency/],
  ["get_star_stories", { tag: "" }, /tag/],
  ["search_experience", {}, /query/],
  ["search_experience", { query: "kafka", limit: 0 }, /at least 1.*limit|limit/],
  ["list_questions", { category: "sports" }, /must be one of: leadership.*category/s],
  ["list_questions", { due: "yes" }, /true or false.*due/],
  ["practice_question", { category: "cooking" }, /category/],
  [
    "generate_response",
    { question: Q, variantId: "shouty" },
    /variantId: unknown strategy "shouty"; known strategies: star-focused, example-driven, concise, detailed/,
  ],
  ["generate_response", { question: Q, variantId: "concise", storyId: "no-such-story" }, /storyId: unknown story "no-such-story"/],
  ["generate_response", { question: Q, variantId: "concise", storyId: "" }, /storyId/],
  ["set_target_role", { clear: true, company: "Acme" }, /company: must not be given with clear: true/],
  ["generate_response", { question: "   ", variantId: "concise" }, /must not be empty.*question/],
  ["evaluate_response", { question: Q }, /response/],
  ["evaluate_response", { question: Q, response: "x".repeat(20_001) }, /at most 20000 characters.*response/],
  ["evaluate_response", { question: Q, response: "I did it.", questionId: "nope" }, /questionId: unknown question id "nope"/],
  ["run_ab_test", { question: Q, controlVariantId: "concise", testVariantId: "concise" }, /testVariantId: must differ from controlVariantId/],
  ["run_ab_test", { question: Q, controlVariantId: "concise", testVariantId: "mystery" }, /testVariantId: unknown strategy "mystery"/],
  ["run_ab_test", { question: Q, controlVariantId: "concise", testVariantId: "detailed", preferred: "both" }, /"control", "test" or "tie".*preferred/],
  ["run_ab_test", { question: Q, controlVariantId: "concise", testVariantId: "detailed", questionId: "  " }, /must not be empty at questionId/],
  ["run_ab_test", { controlVariantId: "concise", testVariantId: "detailed" }, /question/],
  ["get_analytics_report", { period: "yearly" }, /"daily", "weekly" or "monthly".*period/],
  ["get_analytics_report", { period: "daily", category: "x" }, /category/],
  ["get_variant_performance", { variantId: "ghost" }, /variantId: unknown strategy "ghost"; known strategies: star-focused/],
  ["record_performance", { ...GOOD_RECORD, accuracy: 1.5 }, /must be from 0 to 1 at accuracy/],
  ["record_performance", { ...GOOD_RECORD, storyCoverage: -0.1 }, /must be from 0 to 1 at storyCoverage/],
  ["record_performance", { ...GOOD_RECORD, satisfaction: 0 }, /must be from 1 to 5 at satisfaction/],
  ["record_performance", { ...GOOD_RECORD, satisfaction: "great" }, /number from 1 to 5 at satisfaction/],
  ["record_performance", { ...GOOD_RECORD, responseTime: -1 }, /seconds ≥ 0 at responseTime/],
  ["record_performance", { ...GOOD_RECORD, category: "cooking" }, /must be one of: leadership.* at category/s],
  ["record_performance", { ...GOOD_RECORD, timestamp: "yesterday" }, /ISO-8601 .* at timestamp/],
  ["record_performance", { ...GOOD_RECORD, timestamp: "2099-01-01T00:00:00Z" }, /timestamp: must not be in the future/],
  ["record_performance", { ...GOOD_RECORD, questionId: "nope" }, /questionId: unknown question id/],
  ["record_performance", { ...GOOD_RECORD, variantId: "ghost" }, /variantId: unknown strategy "ghost"/],
  ["record_performance", { accuracy: 0.5 }, /storyCoverage/],
  ["record_performance", { ...GOOD_RECORD, question_id: "team-cross-functional" }, /Unrecognized key: "question_id"/],
  ["record_performance", { ...GOOD_RECORD, questionId: "team-cross-functional" }, /category: must be "teamwork" for question "team-cross-functional"/],
  [
    "run_ab_test",
    { question: Q, controlVariantId: "concise", testVariantId: "detailed", questionId: "team-cross-functional", category: "conflict" },
    /category: must be "teamwork"/,
  ],
  ["evaluate_response", { question: Q, response: "I did it.", questionId: "team-cross-functional", category: "leadership" }, /category: must be "teamwork"/],
  ["get_profile", { verbose: true }, /Unrecognized key: "verbose"/],
  ["get_personalized_recommendations", { limit: 0 }, /at least 1 at limit/],
  ["get_personalized_recommendations", { includeAnalytics: "no" }, /true or false at includeAnalytics/],
  ["get_next_milestones", { numberOfMilestones: 2.5 }, /whole number at numberOfMilestones/],
  ["delete_all_data", {}, /"DELETE".*confirm/],
];

describe("bad input: a clear tool error naming the field, and nothing stored", () => {
  let h: Harness;
  let stored: unknown;
  before(async () => {
    h = await startCoach();
    await h.ok("record_performance", GOOD_RECORD);
    await h.ok("run_ab_test", { question: Q, controlVariantId: "concise", testVariantId: "detailed" });
    stored = await h.ok("export_data");
  });
  after(() => h.close());

  for (const [tool, args, expected] of CASES) {
    it(`${tool} ${JSON.stringify(args).slice(0, 90)}`, async () => {
      const result = await h.call(tool, args);
      assert.equal(result.isError, true, JSON.stringify(result.structuredContent));
      assert.match(errorText(result), expected);
      const after = (await h.ok<{ exportedAt: string }>("export_data")) as { exportedAt: string };
      assert.deepEqual({ ...after, exportedAt: "" }, { ...(stored as object), exportedAt: "" });
    });
  }

  it("an unknown tool is an error, not a crash", async () => {
    const result = await h.call("no_such_tool", {}).catch((error: Error) => ({ isError: true, content: [{ type: "text" as const, text: error.message }] }));
    assert.equal(result.isError, true);
  });
});
