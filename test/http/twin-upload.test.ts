import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { twinText } from "../fixtures/twin-text.js";
import { connectMcp, createKey, request, startHttpCoach, type HttpCoach } from "../support/http-server.js";

type Json = Record<string, unknown>;

describe("PUT /api/v1/twin: a person on a hosted server brings their own twin", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let zed: string;
  let readOnly: string;
  const put = async (body: unknown, key = zed) => {
    const response = await request(coach, "/api/v1/twin", { credential: key, body, method: "PUT" });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const profileName = async () => {
    const remote = await connectMcp(coach, zed);
    try {
      const result = await remote.call("get_profile", {});
      return (result.structuredContent as { profile: { name: string }; storyCount: number }).profile.name;
    } finally {
      await remote.close();
    }
  };

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-twin-"));
    [zed, readOnly] = await Promise.all([createKey(dir, "zed", ["memory:access"]), createKey(dir, "zed", ["project:read"])]);
    coach = await startHttpCoach({ dataDir: dir });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("replaces the sample twin with the uploaded file, and the tools answer from it at once", async () => {
    assert.notEqual(await profileName(), "Zed Ortega", "a new user starts from the sample twin");
    const markdown = twinText("Zed Ortega", [
      { id: "pager-noise", title: "Cut pager noise" },
      { id: "on-call", title: "Fixed on-call" },
    ]);
    const answer = await put({ markdown });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.name, "Zed Ortega");
    assert.equal(answer.body.storyCount, 2);
    assert.ok(typeof answer.body.previousStoryCount === "number" && answer.body.previousStoryCount > 2, "the sample twin it replaced");
    assert.equal(await profileName(), "Zed Ortega");
    const file = path.join(dir, "users", "zed", "twin.md");
    assert.equal(readFileSync(file, "utf8"), markdown, "stored byte for byte");
    assert.deepEqual(
      readdirSync(path.dirname(file)).filter((name) => name.endsWith(".upload")),
      [],
      "no draft is left beside it",
    );
  });

  it("a file that does not parse is a 422 naming its line, and the twin stays as it was", async () => {
    const file = path.join(dir, "users", "zed", "twin.md");
    const before = readFileSync(file, "utf8");
    const broken = `${twinText("Someone Else", [{ id: "x", title: "X" }])}\n## Story: No parts\nid: y\n`;
    const answer = await put({ markdown: broken });
    assert.equal(answer.status, 422);
    const errors = answer.body.errors as { field: string; rule: string }[];
    assert.equal(errors[0]!.field, "markdown");
    assert.match(errors[0]!.rule, /^line \d+: /);
    assert.equal(readFileSync(file, "utf8"), before);
    assert.equal(await profileName(), "Zed Ortega");
  });

  it("refuses an empty file, a missing field and a key without memory:access, writing nothing", async () => {
    const file = path.join(dir, "users", "zed", "twin.md");
    const before = readFileSync(file, "utf8");
    for (const body of [{ markdown: "" }, {}, { markdown: "x", extra: 1 }]) {
      const answer = await put(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
    }
    assert.equal((await put({ markdown: twinText("Mallory", []) }, readOnly)).status, 403);
    assert.equal(readFileSync(file, "utf8"), before);
    assert.equal(existsSync(path.join(dir, "users", "mallory")), false);
  });
});
