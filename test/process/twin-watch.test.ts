import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { saveByRename, twinText } from "../fixtures/twin-text.js";
import { listChanged, logged, NotificationLog, updated } from "../support/notifications.js";
import { spawnCoach } from "../support/spawned-coach.js";

const PAGING = { id: "paging", title: "Paging less" };
const DEPLOYS = { id: "deploys", title: "Fixing the deploys" };

describe("the built server watches the twin file over stdio", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-twin-watch-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("tells a subscribed client about edits, new stories and parse errors, at the level it asked for", async () => {
    const twin = path.join(dir, "twin.md");
    writeFileSync(twin, twinText("Ada", [PAGING]));
    const coach = await spawnCoach(path.join(dir, "data"), ["--twin", twin]);
    const heard = new NotificationLog(coach.client);
    try {
      assert.equal(coach.client.getServerCapabilities()?.resources?.subscribe, true);
      await coach.client.listResources();
      await coach.client.subscribeResource({ uri: "twin://stories/paging" });

      let mark = heard.mark();
      saveByRename(twin, twinText("Ada", [{ ...PAGING, result: "Pages fell 75%." }]));
      await heard.waitFor(mark, updated("twin://stories/paging"), "resources/updated after a save by rename");
      await heard.waitFor(mark, logged("info"), "the reload as an info message");

      await coach.client.setLoggingLevel("error");
      mark = heard.mark();
      writeFileSync(twin, twinText("Ada", [{ ...PAGING, result: "Pages fell 75%." }, DEPLOYS]));
      await heard.waitFor(mark, listChanged, "list_changed after a story was added");
      writeFileSync(twin, twinText("Ada", [PAGING]).replace("### Task", "### Plan"));
      const error = (await heard.waitFor(mark, logged("error"), "the parse error")) as { data: { line: number; message: string } };
      assert.equal(error.data.line, 12);
      assert.match(error.data.message, /^twin\.md, line 12: one of ### Situation/);
      assert.deepEqual(
        heard.since(mark, "notifications/message").map((m) => (m as { level: string }).level),
        ["error"],
      );
    } finally {
      await coach.close();
    }
    const logs = coach.stderr
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { msg: string; level: string });
    assert.ok(logs.some((l) => l.msg === "twin file reloaded" && l.level === "info"));
    assert.ok(logs.some((l) => l.msg === "twin file does not parse" && l.level === "error"));
  });
});
