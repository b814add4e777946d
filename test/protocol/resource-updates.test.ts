import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { saveByRename, twinText, type StoryText } from "../fixtures/twin-text.js";
import { startCoach, type Harness } from "../support/in-memory-coach.js";
import { listChanged, logged, NotificationLog, updated } from "../support/notifications.js";

const PAGING: StoryText = { id: "paging", title: "Paging less" };
const DEPLOYS: StoryText = { id: "deploys", title: "Fixing the deploys" };
const HIRING: StoryText = { id: "hiring", title: "Hiring the first SRE" };
const PROFILE = "twin://profile";
const story = (id: string) => `twin://stories/${id}`;

describe("twin resource subscriptions and the server's log", () => {
  let h: Harness;
  let heard: NotificationLog;
  const save = (name: string, stories: readonly StoryText[], options?: { gapBeforeStories?: number }) =>
    writeFileSync(h.context.twinFile, twinText(name, stories, options));

  beforeEach(async () => {
    h = await startCoach();
    heard = new NotificationLog(h.client);
    save("Ada", [PAGING, DEPLOYS]);
    // The client has seen this version: later saves are changes to it.
    await h.client.listResources();
  });
  afterEach(() => h.close());

  it("declares resource subscriptions, list changes and logging", () => {
    const capabilities = h.client.getServerCapabilities();
    assert.equal(capabilities?.resources?.subscribe, true);
    assert.equal(capabilities?.resources?.listChanged, true);
    assert.deepEqual(capabilities?.logging, {});
  });

  it("a subscribed story edited on disk is announced by itself, without the client asking", async () => {
    for (const uri of [story("paging"), story("deploys"), PROFILE]) await h.client.subscribeResource({ uri });
    const mark = heard.mark();
    saveByRename(h.context.twinFile, twinText("Ada", [{ ...PAGING, result: "Pages fell 75%." }, DEPLOYS]));
    await heard.waitFor(mark, updated(story("paging")), "resources/updated for the edited story");
    const { contents } = await h.client.readResource({ uri: story("paging") });
    assert.match(String((contents[0] as { text: string }).text), /Pages fell 75%\./);
    // The next change is the known later event: nothing for the untouched story or profile came before it.
    save("Ada Lovelace", [{ ...PAGING, result: "Pages fell 75%." }, DEPLOYS]);
    await heard.waitFor(mark, updated(PROFILE), "resources/updated for the profile");
    assert.deepEqual(heard.since(mark, "resources"), [
      { method: "notifications/resources/updated", uri: story("paging") },
      { method: "notifications/resources/updated", uri: PROFILE },
    ]);
  });

  it("adding, renaming and removing a story changes the list; a subscribed story that goes is updated", async () => {
    await h.client.subscribeResource({ uri: story("deploys") });
    let mark = heard.mark();
    save("Ada", [PAGING, DEPLOYS, HIRING]);
    await heard.waitFor(mark, listChanged, "list_changed after a story was added");
    const listed = (await h.client.listResources()).resources.map((r) => r.uri);
    assert.ok(listed.includes(story("hiring")));
    assert.deepEqual(heard.since(mark, "resources"), [{ method: "notifications/resources/list_changed" }]);

    mark = heard.mark();
    save("Ada", [{ ...PAGING, title: "Paging far less" }, DEPLOYS, HIRING]);
    await heard.waitFor(mark, listChanged, "list_changed after a story was renamed");
    const titles = (await h.client.listResources()).resources.map((r) => r.title);
    assert.ok(titles.includes("Paging far less"));

    mark = heard.mark();
    save("Ada", [{ ...PAGING, title: "Paging far less" }, HIRING]);
    await heard.waitFor(mark, updated(story("deploys")), "resources/updated for the removed story");
    assert.deepEqual(heard.since(mark, "resources"), [
      { method: "notifications/resources/list_changed" },
      { method: "notifications/resources/updated", uri: story("deploys") },
    ]);
    await assert.rejects(h.client.readResource({ uri: story("deploys") }), (error: { code?: number }) => error.code === -32002);
  });

  it("a save that changes nothing a client reads sends nothing", async () => {
    for (const uri of [story("paging"), PROFILE]) await h.client.subscribeResource({ uri });
    const mark = heard.mark();
    save("Ada", [PAGING, DEPLOYS]);
    // Blank lines move every story down: new line numbers, the same resources.
    save("Ada", [PAGING, DEPLOYS], { gapBeforeStories: 4 });
    // A read parses the new version now, through the same path the file watch takes; anything it announced would arrive before the answer.
    await h.client.readResource({ uri: story("paging") });
    assert.deepEqual(heard.since(mark), []);
    save("Ada Lovelace", [PAGING, DEPLOYS], { gapBeforeStories: 4 });
    const first = await heard.waitFor(mark, () => true, "the profile change");
    assert.equal(first.method, "notifications/message");
    assert.match(String((first as { data: { message: string } }).data.message), /twin\.md reloaded: profile changed$/);
    await heard.waitFor(mark, updated(PROFILE), "resources/updated for the profile");
    assert.deepEqual(heard.since(mark, "resources"), [{ method: "notifications/resources/updated", uri: PROFILE }]);
  });

  it("unsubscribing stops updates for that resource only", async () => {
    for (const uri of [story("paging"), PROFILE]) await h.client.subscribeResource({ uri });
    await h.client.unsubscribeResource({ uri: story("paging") });
    const mark = heard.mark();
    save("Ada Lovelace", [{ ...PAGING, result: "Pages fell 90%." }, DEPLOYS]);
    await h.client.readResource({ uri: PROFILE });
    await heard.waitFor(mark, updated(PROFILE), "resources/updated for the profile");
    assert.deepEqual(heard.since(mark, "resources"), [{ method: "notifications/resources/updated", uri: PROFILE }]);
  });

  it("subscribing to a story that does not exist is resource-not-found", async () => {
    await assert.rejects(
      h.client.subscribeResource({ uri: story("no-such-story") }),
      (error: { code?: number; message: string }) => error.code === -32002 && /stories: paging, deploys/.test(error.message),
    );
    await assert.rejects(h.client.subscribeResource({ uri: "twin://elsewhere" }), (error: { code?: number }) => error.code === -32002);
  });

  it("reloads are info messages until the client asks for errors only; a parse error arrives as an error naming the line", async () => {
    let mark = heard.mark();
    save("Ada", [PAGING, DEPLOYS, HIRING]);
    await h.client.listResources();
    const info = await heard.waitFor(mark, logged("info"), "an info message for the reload");
    assert.equal((info as { logger?: string }).logger, "twin");

    await h.client.setLoggingLevel("error");
    mark = heard.mark();
    save("Ada", [PAGING, DEPLOYS]);
    await h.client.listResources();
    // The reload happened (the list changed) but its info message was held back.
    assert.deepEqual(heard.since(mark), [{ method: "notifications/resources/list_changed" }]);

    mark = heard.mark();
    // Line 8 is the first story's competencies, and juggling is not one the parser knows.
    writeFileSync(h.context.twinFile, twinText("Ada", [PAGING]).replace("competencies: ownership", "competencies: juggling"));
    const error = (await heard.waitFor(mark, logged("error"), "an error message for the parse error")) as { data: { message: string; line: number } };
    assert.equal(error.data.line, 8);
    assert.match(error.data.message, /twin\.md, line 8: a competency from: .* got "juggling"/);
    assert.deepEqual(
      heard.since(mark, "notifications/message").map((m) => (m as { level: string }).level),
      ["error"],
    );
  });

  it("the same broken save is reported once, and the twin is announced when it reads again", async () => {
    await h.client.subscribeResource({ uri: story("paging") });
    const broken = twinText("Ada", [PAGING]).replace("### Result", "### Outcome");
    const mark = heard.mark();
    writeFileSync(h.context.twinFile, broken);
    await heard.waitFor(mark, logged("error"), "the parse error");
    writeFileSync(h.context.twinFile, `${broken}`);
    await assert.rejects(h.client.readResource({ uri: story("paging") }), /### Outcome/);
    save("Ada", [{ ...PAGING, result: "Pages fell 80%." }]);
    await heard.waitFor(mark, updated(story("paging")), "resources/updated once the file reads again");
    const messages = heard.since(mark, "notifications/message") as { level: string; data: { message: string } }[];
    assert.deepEqual(
      messages.map((m) => m.level),
      ["error", "info"],
    );
    assert.match(messages[1]!.data.message, /reloaded and reads again: stories changed: paging; stories removed: deploys/);
  });
});
