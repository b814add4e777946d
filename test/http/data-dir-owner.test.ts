import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startHttpCoach, type HttpCoach } from "../support/http-server.js";

describe("One HTTP server per data folder without Redis", function () {
  this.timeout(60_000);
  let first: HttpCoach | undefined;

  afterEach(async () => {
    await first?.stop();
    first = undefined;
  });

  it("refuses a second server on the same folder at start, saying to use another folder or --redis", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-owner-"));
    first = await startHttpCoach({ dataDir });
    await assert.rejects(
      startHttpCoach({ dataDir }),
      /awareness\.sqlite is in use by another server process: give each instance its own --data-dir, or share state between instances with --redis/,
    );
    assert.equal((await fetch(`${first.url}/readyz`)).status, 200, "the first server carries on");
  });
});
