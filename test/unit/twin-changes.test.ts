import assert from "node:assert/strict";
import { describeChanges, twinResourceChanges } from "../../mcp-server/src/resources/twin-changes.js";
import { parseTwin } from "../../mcp-server/src/twin/parse.js";
import { twinText } from "../fixtures/twin-text.js";

const PAGING = { id: "paging", title: "Paging less" };
const DEPLOYS = { id: "deploys", title: "Fixing the deploys" };
const HIRING = { id: "hiring", title: "Hiring the first SRE" };
const twin = (...args: Parameters<typeof twinText>) => parseTwin(twinText(...args), "twin.md");

describe("twin resource changes", () => {
  it("stories moved down the file change nothing a client reads", () => {
    const before = twin("Ada", [PAGING, DEPLOYS]);
    const after = twin("Ada", [PAGING, DEPLOYS], { gapBeforeStories: 5 });
    assert.notEqual(before.stories[0]!.line, after.stories[0]!.line);
    assert.deepEqual(twinResourceChanges(before, after), { listChanged: false, profileChanged: false, added: [], removed: [], changed: [], updated: [] });
  });

  it("an edited story is updated; a renamed one also changes the list; a reorder changes only the list", () => {
    const before = twin("Ada", [PAGING, DEPLOYS]);
    const edited = twinResourceChanges(before, twin("Ada", [{ ...PAGING, result: "Pages fell 90%." }, DEPLOYS]));
    assert.deepEqual([edited.listChanged, edited.updated], [false, ["twin://stories/paging"]]);
    const renamed = twinResourceChanges(before, twin("Ada", [{ ...PAGING, title: "Paging far less" }, DEPLOYS]));
    assert.deepEqual([renamed.listChanged, renamed.changed], [true, ["paging"]]);
    const reordered = twinResourceChanges(before, twin("Ada", [DEPLOYS, PAGING]));
    assert.deepEqual([reordered.listChanged, reordered.updated], [true, []]);
    assert.equal(describeChanges(reordered), "the story list was reordered");
  });

  it("added, removed and profile changes, described in one line", () => {
    const changes = twinResourceChanges(twin("Ada", [PAGING, DEPLOYS]), twin("Ada Lovelace", [PAGING, HIRING]));
    assert.equal(changes.listChanged, true);
    assert.deepEqual(changes.updated, ["twin://profile", "twin://stories/hiring", "twin://stories/deploys"]);
    assert.equal(describeChanges(changes), "profile changed; stories added: hiring; stories removed: deploys");
  });

  it("with no version before, everything is new", () => {
    const changes = twinResourceChanges(null, twin("Ada", [PAGING]));
    assert.deepEqual([changes.listChanged, changes.updated], [true, ["twin://profile", "twin://stories/paging"]]);
  });
});
