import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { errorText, startCoach, type Harness } from "../support/in-memory-coach.js";

describe("resources, prompts and the twin file", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startCoach();
  });
  afterEach(() => h.close());

  it("twin://profile is the profile as JSON", async () => {
    const { contents } = await h.client.readResource({ uri: "twin://profile" });
    const profile = JSON.parse(String((contents[0] as { text: string }).text));
    assert.ok(profile.name && profile.targetRole);
  });

  it("lists every story as twin://stories/{id} and reads one as Markdown", async () => {
    const { resources } = await h.client.listResources();
    const stories = resources.filter((r) => r.uri.startsWith("twin://stories/"));
    assert.ok(stories.length >= 8);
    const { contents } = await h.client.readResource({ uri: stories[0]!.uri });
    const text = String((contents[0] as { text: string }).text);
    assert.match(text, /## Situation[\s\S]*## Task[\s\S]*## Action[\s\S]*## Result/);
    // A story that does not exist is JSON-RPC error -32002 (resource not found), naming the stories there are.
    await assert.rejects(
      h.client.readResource({ uri: "twin://stories/no-such-story" }),
      (error: { code?: number; message: string }) => error.code === -32002 && /Resource not found: no story "no-such-story"/.test(error.message),
    );
  });

  it("prompts: mock_interview names the role and the stories; rewrite_with_star carries the answer", async () => {
    const { prompts } = await h.client.listPrompts();
    assert.deepEqual(prompts.map((p) => p.name).sort(), ["mock_interview", "rewrite_with_star"]);
    const mock = await h.client.getPrompt({ name: "mock_interview", arguments: { role: "Staff Engineer", company: "Quillstack" } });
    const text = (mock.messages[0]!.content as { text: string }).text;
    assert.match(text, /Staff Engineer at Quillstack/);
    assert.match(text, /rabbitmq-to-kafka-migration/);
    const rewrite = await h.client.getPrompt({ name: "rewrite_with_star", arguments: { answer: "We fixed the build." } });
    assert.match((rewrite.messages[0]!.content as { text: string }).text, /We fixed the build\./);
  });

  it("picks up hand edits to the twin file, and reports a parse error by line", async () => {
    writeFileSync(
      h.context.twinFile,
      "---\nname: Ada Example\ntargetRole: SRE\n---\n\n## Story: Paging less\ncompetencies: ownership\n\n### Situation\nToo many pages.\n### Task\nI owned on-call health.\n### Action\nI deleted noisy alerts.\n### Result\nPages fell 60%.\n",
    );
    const { profile, storyCount } = await h.ok<{ profile: { name: string }; storyCount: number }>("get_profile");
    assert.equal(profile.name, "Ada Example");
    assert.equal(storyCount, 1);
    writeFileSync(h.context.twinFile, "---\nname: Ada\ntargetRole: SRE\n---\n## Story: Broken\ncompetencies: ownership, juggling\n");
    const result = await h.call("get_star_stories");
    assert.equal(result.isError, true);
    assert.match(errorText(result), /twin.md, line 6: a competency from: .* got "juggling"/);
  });
});
