import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { exchange } from "../support/oauth-flow.js";
import { runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";

const ROOT = path.join(__dirname, "../..");

/**
 * The server as deployed (the container runs the production build): minified, yet oidc-provider
 * still finds each model by its class name, so tokens expire and are stored as digests.
 */
describe("OAuth in the production build", function () {
  this.timeout(120_000);
  let build: string;
  let dir: string;
  let coach: HttpCoach;

  before(async () => {
    build = mkdtempSync(path.join(os.tmpdir(), "coach-production-build-"));
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-production-data-"));
    execFileSync(process.execPath, ["esbuild.mjs", "--production", "--server", `--outdir=${build}`], { cwd: ROOT, stdio: "ignore" });
    // Its own folder has no node_modules: nothing may be preloaded from this project's.
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    coach = await startHttpCoach({ dataDir: dir, bundle: path.join(build, "mcp-server.js"), env });
  });

  after(async () => {
    await coach?.stop();
    rmSync(build, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it("issues expiring tokens and stores them only as digests", async () => {
    const created = await runCli(["keys", "service-client", "--user", "pat", "--scope", "memory:access", "--data-dir", dir], path.join(build, "mcp-server.js"));
    assert.equal(created.code, 0, created.stderr);
    const [clientId, secret] = created.stdout.trim().split("\n");
    const token = await exchange(
      coach,
      { grant_type: "client_credentials", scope: "memory:access" },
      { authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    );
    assert.equal(token.status, 200, JSON.stringify(token.body));
    assert.equal(Number(token.body.expires_in), 3600);
    const stored = readFileSync(path.join(dir, "server.sqlite")).toString("latin1");
    assert.ok(!stored.includes(token.body.access_token!), "the token is stored in the clear");
    assert.ok(stored.includes("ClientCredentials"), "records are kept under the model's own name");
    const read = await fetch(`${coach.url}/api/v1/questions`, { headers: { authorization: `Bearer ${token.body.access_token}` } });
    assert.equal(read.status, 200);
    // Thompson sampling runs @stdlib modules, which the bundling step must not break (one declares its own Object).
    const draw = await fetch(`${coach.url}/api/v1/strategy-recommendation?seed=7`, { headers: { authorization: `Bearer ${token.body.access_token}` } });
    assert.equal(draw.status, 200, await draw.text());
  });
});
