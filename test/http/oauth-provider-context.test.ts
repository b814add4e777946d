import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startHttpCoach, type HttpCoach } from "../support/http-server.js";

const PROBE = path.join(__dirname, "../fixtures/probes/async-hooks.mjs");

describe("OAuth requests leave no async context tracking behind", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-oauth-context-"));
    coach = await startHttpCoach({ dataDir: dir, nodeArgs: ["--expose-internals", "--import", PROBE] });
  });

  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** How many async hooks the server process has enabled now, as its probe reports on SIGUSR2. */
  async function enabledHooks(): Promise<number> {
    const asked = Date.now();
    process.kill(coach.pid, "SIGUSR2");
    const line = await coach.waitForLine((l) => l.msg === "async hooks" && Number(l.at) >= asked);
    return Number(line.enabled);
  }

  it("after discovery and a token request, every later request runs with no async hook enabled", async () => {
    assert.equal(await enabledHooks(), 0, "the server starts with async hooks enabled");
    const metadata = await fetch(`${coach.url}/.well-known/oauth-authorization-server`);
    assert.equal(metadata.status, 200);
    const refused = await fetch(`${coach.url}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "client_credentials" }) });
    assert.equal(refused.status, 400);
    assert.equal(await enabledHooks(), 0, "oidc-provider's request context stayed on after its requests finished");
  });
});
