import assert from "node:assert/strict";
import { apiKeyProblem, checkEndpoint, keyIdOf, syncUrl } from "../../extension/src/cloud/endpoint.js";

describe("The cloud endpoint and key as typed into settings", () => {
  it("accepts https URLs, and http only for this machine, without a trailing slash", () => {
    assert.deepEqual(checkEndpoint(" https://coach.example.com/ "), { ok: true, url: "https://coach.example.com" });
    assert.deepEqual(checkEndpoint("https://example.com/coach/api//"), { ok: true, url: "https://example.com/coach/api" });
    assert.deepEqual(checkEndpoint("http://127.0.0.1:8787"), { ok: true, url: "http://127.0.0.1:8787" });
    assert.deepEqual(checkEndpoint("http://localhost:8787/"), { ok: true, url: "http://localhost:8787" });
  });

  it("says what is wrong with anything else", () => {
    const problem = (raw: string | undefined) => {
      const check = checkEndpoint(raw);
      assert.equal(check.ok, false, `${raw} is refused`);
      return check.ok ? "" : check.problem;
    };
    assert.match(problem(""), /No cloud endpoint is set/);
    assert.match(problem(undefined), /No cloud endpoint is set/);
    assert.match(problem("coach.example.com"), /is not a URL/);
    assert.match(problem("ftp://coach.example.com"), /must start with https:\/\//);
    assert.match(problem("http://coach.example.com"), /must use https:\/\/; plain http:\/\/ is allowed only for localhost/);
    assert.match(problem("https://me:secret@coach.example.com"), /must not contain a user name or password/);
    assert.match(problem("https://coach.example.com/?key=1"), /must not have a query/);
  });

  it("derives the sync socket beside the REST routes, keeping a path prefix", () => {
    assert.equal(syncUrl("https://coach.example.com"), "wss://coach.example.com/v1/sync");
    assert.equal(syncUrl("http://127.0.0.1:8787"), "ws://127.0.0.1:8787/v1/sync");
    assert.equal(syncUrl("https://example.com/coach"), "wss://example.com/coach/v1/sync");
  });

  it("checks the key's shape loosely and names the problem", () => {
    const key = `ick_0123456789abcdef_${"A".repeat(43)}`;
    assert.equal(apiKeyProblem(key), null);
    assert.equal(apiKeyProblem(`  ${key}\n`), null, "pasted with whitespace around it");
    assert.match(apiKeyProblem("")!, /Paste the API key/);
    assert.match(apiKeyProblem("eyJhbGciOiJIUzI1NiJ9.e30.x")!, /starts with ick_/);
    assert.match(apiKeyProblem("ick_0123 456789abcdef")!, /spaces/);
    assert.match(apiKeyProblem("ick_short")!, /whole API key/);
  });

  it("keeps only the key's public id for per-key state", () => {
    assert.equal(keyIdOf(`ick_0123456789abcdef_${"A".repeat(43)}`), "0123456789abcdef");
    assert.match(keyIdOf("something-else"), /^[0-9a-f]{16}$/);
  });
});
