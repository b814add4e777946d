import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyChange, caughtUp, EMPTY_FEED, startSnapshot, type FeedState } from "../../extension/src/protocol/platform-activity.js";
import { SyncFeed } from "../../extension/src/cloud/sync-feed.js";
import { SqliteAwarenessStore } from "../../mcp-server/src/awareness/sqlite/sqlite-awareness-store.js";
import { changesPageSchema, syncServerMessageSchema, type ChangesPage } from "../../mcp-server/src/contracts/awareness.js";
import { createKey, runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { call, SyncClient, UNLIMITED } from "./awareness-client.js";

const ALL = ["project:read", "project:write", "session:sync"];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface History {
  /** Where a client that synced before the delete stands. */
  before: string;
  /** The delete's change clock: where a client that saw it stands. */
  deleted: string;
}

/** Writes `ago` ms in the past, as a server running then did: acme and globex created, a client syncs, globex deleted. */
async function writeHistory(dataDir: string, userId: string, ago: number): Promise<History> {
  const time = Date.now() - ago;
  const past = SqliteAwarenessStore.open(dataDir, { node: "earlier", now: () => time });
  try {
    await past.putProject(userId, "acme", { name: "Acme" });
    await past.putProject(userId, "globex", { name: "Globex" });
    const before = (await past.changesSince(userId, null)).nextSince!;
    const deleted = (await past.deleteProject(userId, "globex")).clock!;
    return { before, deleted };
  } finally {
    await past.close();
  }
}

describe("the change feed after a delete is compacted: REST and /v1/sync", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let key: string;
  let history: History;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-snapshot-"));
    key = await createKey(dir, "ada", ALL);
    history = await writeHistory(dir, "ada", 40 * DAY);
    coach = await startHttpCoach({ dataDir: dir, args: UNLIMITED });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("GET /v1/changes from before a delete past the horizon answers a snapshot without the deleted project, and a since after it catches up", async () => {
    const page = await call<ChangesPage>(coach, "GET", `/v1/changes?since=${history.before}`, key);
    assert.equal(page.status, 200);
    assert.equal(page.body.snapshot, true);
    assert.deepEqual(
      page.body.changes.map((c) => [c.id, c.deleted]),
      [["acme", false]],
    );
    assert.equal(page.body.next_since, history.deleted, "the snapshot brings the client past the compacted delete");
    assert.deepEqual(changesPageSchema.parse(page.body), page.body, "the page is what the contract says");
    const next = await call<ChangesPage>(coach, "GET", `/v1/changes?since=${page.body.next_since}`, key);
    assert.deepEqual(next.body, { changes: [], has_more: false, next_since: history.deleted, snapshot: false });
  });

  it("/v1/sync from before the compacted delete: the snapshot marker, the live state, then live at the latest clock", async () => {
    const client = await SyncClient.open(coach, key, { since: history.before });
    try {
      assert.deepEqual(
        client.messages.map((m) => (m.type === "change" ? `change ${m.change!.id}` : m.type)),
        ["snapshot", "change acme", "live"],
      );
      assert.equal(client.messages.at(-1)!.clock, history.deleted);
      for (const message of client.messages) assert.deepEqual(syncServerMessageSchema.parse(message), message, "each message is what the contract says");
    } finally {
      await client.close();
    }
  });

  it("the extension's feed, back after the compaction, replaces what it held: the deleted project is gone and it stands at the latest clock", async () => {
    const self = { ownSessionId: "this-window", sentStatistics: () => [] };
    // As the extension kept it when it last synced, before globex was deleted.
    let held: FeedState = {
      ...EMPTY_FEED,
      since: history.before,
      projects: { acme: { name: "Acme", platforms: [] }, globex: { name: "Globex", platforms: [] } },
    };
    const heard: string[] = [];
    let live!: () => void;
    const caught = new Promise<void>((resolve) => (live = resolve));
    const feed = new SyncFeed({
      url: `${coach.url.replace(/^http/, "ws")}/v1/sync`,
      credential: async () => key,
      since: () => held.since,
      onSnapshot: () => {
        heard.push("snapshot");
        held = startSnapshot(held);
      },
      onChange: (change) => {
        heard.push(`change ${change.id}`);
        held = applyChange(held, change, self);
      },
      onLive: (clock) => {
        heard.push("live");
        held = caughtUp(held, clock);
        live();
      },
      onStatus: () => undefined,
      log: () => undefined,
    });
    try {
      feed.start();
      await caught;
    } finally {
      feed.dispose();
    }
    assert.deepEqual(heard, ["snapshot", "change acme", "live"]);
    assert.deepEqual(Object.keys(held.projects), ["acme"]);
    assert.equal(held.since, history.deleted, "the next subscribe needs no snapshot");
  });

  it("/v1/sync without since gets live projects and sessions only; a recent since gets ordinary changes, a recent delete included", async () => {
    await call(coach, "PUT", "/v1/sessions/claude-1", key, { platform: "claude", active_project: "acme" });
    await call(coach, "PUT", "/v1/sessions/gpt-1", key, { platform: "chatgpt" });
    const ended = await call(coach, "DELETE", "/v1/sessions/gpt-1", key);
    assert.equal(ended.status, 204);
    const fresh = await SyncClient.open(coach, key);
    const recent = await SyncClient.open(coach, key, { since: history.deleted });
    try {
      assert.equal(fresh.messages[0]!.type, "snapshot");
      assert.deepEqual(
        fresh.changes.map((c) => [c.id, c.deleted]),
        [
          ["acme", false],
          ["claude-1", false],
        ],
      );
      assert.equal(fresh.messages.at(-1)!.clock, ended.headers.get("awareness-clock"));
      assert.ok(!recent.messages.some((m) => m.type === "snapshot"));
      assert.deepEqual(
        recent.changes.map((c) => [c.id, c.deleted]),
        [
          ["claude-1", false],
          ["gpt-1", true],
        ],
      );
    } finally {
      await fresh.close();
      await recent.close();
    }
  });
});

describe("--tombstone-horizon", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-horizon-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("sets how long a delete stays in the feed: two hours ago is an ordinary change by default, compacted with an hour's horizon", async () => {
    const key = await createKey(dir, "ada", ALL);
    const history = await writeHistory(dir, "ada", 2 * HOUR);
    const feed = async (args: string[]) => {
      const server = await startHttpCoach({ dataDir: dir, args });
      try {
        return (await call<ChangesPage>(server, "GET", `/v1/changes?since=${history.before}`, key)).body;
      } finally {
        await server.stop();
      }
    };
    const byDefault = await feed([]);
    assert.deepEqual([byDefault.snapshot, byDefault.changes.map((c) => [c.id, c.deleted])], [false, [["globex", true]]]);
    const hourly = await feed(["--tombstone-horizon", "3600"]);
    assert.deepEqual([hourly.snapshot, hourly.changes.map((c) => [c.id, c.deleted])], [true, [["acme", false]]]);
  });

  it("must be a whole number of seconds from an hour to ten years", async () => {
    for (const value of ["3599", "a month"]) {
      const result = await runCli(["--http", "--tombstone-horizon", value, "--data-dir", dir]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, new RegExp(`--tombstone-horizon: must be a whole number from 3600 to 315360000; got "${value}"`));
    }
    const help = await runCli(["--help"]);
    assert.match(help.stdout, /--tombstone-horizon S +Seconds a delete stays in the change feed/);
  });
});
