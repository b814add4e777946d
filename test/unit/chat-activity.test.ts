import assert from "node:assert/strict";
import { activityPlan, chatPlatformOf, REPORT_EVERY_MS, SESSION_TTL_MS } from "../../browser-extension/src/chat-activity.js";

describe("the browser extension's activity report", () => {
  it("knows the chat sites by their https address, and nothing else", () => {
    assert.equal(chatPlatformOf("https://claude.ai/new"), "claude");
    assert.equal(chatPlatformOf("https://chatgpt.com/c/123?model=x"), "chatgpt");
    assert.equal(chatPlatformOf("http://claude.ai/"), null, "not over plain http");
    assert.equal(chatPlatformOf("https://claude.ai.example.com/"), null, "not a look-alike host");
    assert.equal(chatPlatformOf("https://docs.claude.ai/"), null, "not another site under the name");
    assert.equal(chatPlatformOf("chrome://newtab/"), null);
    assert.equal(chatPlatformOf("not a url"), null);
    assert.equal(chatPlatformOf(undefined), null);
  });

  it("reports a newly opened platform at once, an open one again only when its report is due, and removes a closed one", () => {
    const now = 1_000_000_000;
    assert.deepEqual(activityPlan(new Set(["claude"]), {}, now), { put: ["claude"], remove: [] });
    assert.deepEqual(activityPlan(new Set(["claude"]), { claude: now - REPORT_EVERY_MS + 1 }, now), { put: [], remove: [] });
    assert.deepEqual(activityPlan(new Set(["claude"]), { claude: now - REPORT_EVERY_MS }, now), { put: ["claude"], remove: [] });
    assert.deepEqual(activityPlan(new Set(["chatgpt"]), { claude: now }, now), { put: ["chatgpt"], remove: ["claude"] });
    assert.deepEqual(activityPlan(new Set(), {}, now), { put: [], remove: [] });
  });

  it("reports again well before a session lapses", () => {
    assert.ok(REPORT_EVERY_MS * 2 <= SESSION_TTL_MS, "a missed report still leaves the session alive until the next one");
  });
});
