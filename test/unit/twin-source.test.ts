import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TwinSource, type TwinEvent } from "../../mcp-server/src/twin/twin-source.js";
import { saveByRename, twinText } from "../fixtures/twin-text.js";

const PAGING = { id: "paging", title: "Paging less" };
const DEPLOYS = { id: "deploys", title: "Fixing the deploys" };

/** Every event a watcher heard, with a way to wait for the next one. */
function listen(source: TwinSource) {
  const events: TwinEvent[] = [];
  let wake: (() => void) | null = null;
  const stop = source.watch((event) => {
    events.push(event);
    wake?.();
  });
  const next = (count: number, what: string) =>
    new Promise<TwinEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within 5 s; heard ${JSON.stringify(events.map((e) => e.kind))}`)), 5_000);
      wake = () => {
        if (events.length < count) return;
        clearTimeout(timer);
        resolve(events[count - 1]!);
      };
      wake();
    });
  return { events, next, stop };
}

describe("twin source: versions of the twin file", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-twin-source-"));
    file = path.join(dir, "twin.md");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("a read that finds a new version announces it with the one before; the same text again is no news", () => {
    writeFileSync(file, twinText("Ada", [PAGING]));
    const source = new TwinSource(file, false);
    const heard = listen(source);
    try {
      const first = source.load();
      assert.deepEqual(heard.events, [], "the first version is no change");
      writeFileSync(file, twinText("Ada", [PAGING, DEPLOYS]));
      const second = source.load();
      assert.deepEqual(heard.events, [{ kind: "reloaded", previous: first, twin: second, recovered: false }]);
      writeFileSync(file, twinText("Ada", [PAGING, DEPLOYS]));
      assert.equal(source.load(), second, "the same text is the same twin, not parsed again");
      assert.equal(heard.events.length, 1);
    } finally {
      heard.stop();
    }
  });

  it("a broken version is told once; going back to the last good text is announced as reading again", () => {
    writeFileSync(file, twinText("Ada", [PAGING]));
    const source = new TwinSource(file, false);
    const heard = listen(source);
    try {
      const good = source.load();
      const broken = twinText("Ada", [PAGING]).replace("id: paging", "id: Paging!");
      writeFileSync(file, broken);
      assert.throws(() => source.load(), /twin\.md, line 7: story id "Paging!"/);
      // Saved again unchanged: the same error for the reader, nothing new to tell watchers.
      writeFileSync(file, broken);
      assert.throws(() => source.load(), /line 7/);
      assert.deepEqual(
        heard.events.map((e) => (e.kind === "invalid" ? e.error.line : e.kind)),
        [7],
      );
      writeFileSync(file, twinText("Ada", [PAGING]));
      assert.equal(source.load(), good);
      assert.deepEqual(heard.events[1], { kind: "reloaded", previous: good, twin: good, recovered: true });
    } finally {
      heard.stop();
    }
  });

  it("the watch finds a save by rename with no read, and a deleted file is missing", async () => {
    writeFileSync(file, twinText("Ada", [PAGING]));
    const source = new TwinSource(file, false);
    const before = source.load();
    const heard = listen(source);
    try {
      saveByRename(file, twinText("Ada", [PAGING, DEPLOYS]));
      const reloaded = await heard.next(1, "reload after a save by rename");
      assert.equal(reloaded.kind, "reloaded");
      assert.equal(reloaded.kind === "reloaded" && reloaded.previous, before);
      assert.deepEqual(reloaded.kind === "reloaded" && reloaded.twin.stories.map((s) => s.id), ["paging", "deploys"]);
      rmSync(file);
      assert.deepEqual(await heard.next(2, "the file missing"), { kind: "missing" });
      // The watch keeps going after the file came back under the same name.
      writeFileSync(file, twinText("Ada", [DEPLOYS]));
      const back = await heard.next(3, "reload after the file came back");
      assert.equal(back.kind === "reloaded" && back.recovered, true);
    } finally {
      heard.stop();
    }
  });

  it("a watcher that stops hears nothing more, while another still does", async () => {
    writeFileSync(file, twinText("Ada", [PAGING]));
    const source = new TwinSource(file, false);
    source.load();
    const leaving = listen(source);
    const staying = listen(source);
    leaving.stop();
    try {
      writeFileSync(file, twinText("Ada", [PAGING, DEPLOYS]));
      await staying.next(1, "reload for the watcher that stayed");
      assert.deepEqual(leaving.events, []);
    } finally {
      staying.stop();
    }
  });

  it("watching the default twin in a new data folder seeds the sample there first", () => {
    const fresh = path.join(dir, "new-data", "twin.md");
    const source = new TwinSource(fresh, true);
    const heard = listen(source);
    try {
      assert.ok(existsSync(fresh));
      assert.ok(source.load().stories.length >= 8);
    } finally {
      heard.stop();
    }
  });
});
