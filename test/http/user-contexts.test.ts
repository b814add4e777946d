import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ApiKeyStore } from "../../mcp-server/src/http/auth/api-keys.js";
import { openServerDatabase } from "../../mcp-server/src/http/server-database.js";
import { DEFAULT_MAX_OPEN } from "../../mcp-server/src/http/user-contexts.js";
import { silentLogger } from "../../mcp-server/src/log.js";
import { request, startHttpCoach, type HttpCoach } from "../support/http-server.js";

const USERS = DEFAULT_MAX_OPEN + 10;
/** Users record different counts, so each reading back its own is told apart from a neighbour's. */
const answers = (i: number) => (i < 4 ? i + 1 : 1);
const practice = { accuracy: 0.8, storyCoverage: 0.6, satisfaction: 4, responseTime: 70, category: "conflict" };

/** How many users' practice stores a process holds open, from the kernel's table of its files. */
function openStores(pid: number): number {
  const fds = `/proc/${pid}/fd`;
  return readdirSync(fds).filter((fd) => {
    try {
      return /\/users\/[^/]+\/coach\.sqlite$/.test(readlinkSync(path.join(fds, fd)));
    } catch {
      return false;
    }
  }).length;
}

describe("many users over /api/v1, past the bound on open stores", function () {
  this.timeout(180_000);
  let dir: string;
  let coach: HttpCoach;
  const keys: string[] = [];
  const userOf = (i: number) => `user-${i}`;
  const weeklyAttempts = async (i: number) => {
    const response = await request(coach, "/api/v1/analytics/weekly", { credential: keys[i] });
    assert.equal(response.status, 200);
    return ((await response.json()) as { current: { attempts: number } }).current.attempts;
  };

  before(async function () {
    if (!existsSync("/proc/self/fd")) this.skip();
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-users-"));
    // Keys made in-process: a CLI run per user would take minutes.
    const serverDatabase = openServerDatabase(dir, silentLogger);
    const store = new ApiKeyStore(serverDatabase);
    for (let i = 0; i < USERS; i++) keys.push((await store.create({ userId: userOf(i), scopes: ["memory:access"], name: null })).key);
    serverDatabase.close();
    coach = await startHttpCoach({ dataDir: dir });
  });
  after(async () => {
    await coach?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`${USERS} users each record and read back their own practice, with at most ${DEFAULT_MAX_OPEN} stores open`, async () => {
    // A few at a time, as several clients would.
    for (let start = 0; start < USERS; start += 8) {
      const batch = Array.from({ length: Math.min(8, USERS - start) }, (_, k) => start + k);
      await Promise.all(
        batch.map(async (i) => {
          for (let n = 0; n < answers(i); n++) {
            const recorded = await request(coach, "/api/v1/performance", { credential: keys[i], body: practice });
            assert.equal(recorded.status, 201, `${userOf(i)}: ${await recorded.text()}`);
          }
        }),
      );
    }
    assert.equal(openStores(coach.pid), DEFAULT_MAX_OPEN);
    // The first users' stores were closed to make room; reopened, each reads back exactly its own.
    for (const i of [0, 1, 2, 3, USERS - 1]) assert.equal(await weeklyAttempts(i), answers(i), userOf(i));
    assert.equal(openStores(coach.pid), DEFAULT_MAX_OPEN);
  });
});
