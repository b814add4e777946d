import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { createKey, keyIdOf, MCP_HEADERS, request, rpc, runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; rule: string }[];
}

const listTools = (coach: HttpCoach, credential?: string, headers: Record<string, string> = {}) =>
  request(coach, "/mcp", { credential, body: rpc("tools/list"), headers: { ...MCP_HEADERS, ...headers } });

async function expectUnauthorized(response: Response, description: RegExp | null): Promise<ProblemBody> {
  assert.equal(response.status, 401);
  assert.equal(response.headers.get("content-type"), "application/problem+json; charset=utf-8");
  const challenge = response.headers.get("www-authenticate") ?? "";
  // Every challenge names where an OAuth client discovers how to get a token (RFC 9728 §5.1).
  const discovery =
    /^Bearer realm="interview-coach", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource(\/mcp)?"(, scope="memory:access")?/;
  assert.match(challenge, discovery);
  if (description === null) assert.doesNotMatch(challenge, /error=/);
  else {
    assert.match(challenge, /, error="invalid_token", error_description="[^"]+"$/);
    assert.match(challenge, description);
  }
  const body = (await response.json()) as ProblemBody;
  assert.equal(body.status, 401);
  return body;
}

async function token(coach: HttpCoach, key: string, body?: unknown): Promise<Response> {
  return request(coach, "/v1/auth/token", { method: "POST", credential: key, body });
}

describe("authentication and scopes", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let memory: string;
  let projectsOnly: string;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-auth-"));
    [memory, projectsOnly] = await Promise.all([createKey(dir, "carol", ["memory:access", "project:read"]), createKey(dir, "dave", ["project:read"])]);
    coach = await startHttpCoach({ dataDir: dir, args: ["--token-ttl", "600"] });
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("401 without a credential: the bare Bearer challenge (RFC 6750 §3.1), and a problem body", async () => {
    const body = await expectUnauthorized(await listTools(coach), null);
    assert.match(body.detail, /Authorization: Bearer/);
    await expectUnauthorized(await listTools(coach, undefined, { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }), null);
  });

  it("401 invalid_token for malformed, unknown and wrongly-secreted keys", async () => {
    await expectUnauthorized(await listTools(coach, undefined, { authorization: "Bearer" }), /malformed Authorization header/);
    await expectUnauthorized(await listTools(coach, "two words"), /malformed Authorization header/);
    await expectUnauthorized(await listTools(coach, "not-a-credential"), /malformed credential/);
    await expectUnauthorized(await listTools(coach, `ick_${randomBytes(8).toString("hex")}_${randomBytes(32).toString("base64url")}`), /unknown API key/);
    const forged = `ick_${keyIdOf(memory)}_${randomBytes(32).toString("base64url")}`;
    await expectUnauthorized(await listTools(coach, forged), /unknown API key/);
  });

  it("403 insufficient_scope names the scope the route needs", async () => {
    const response = await listTools(coach, projectsOnly);
    assert.equal(response.status, 403);
    assert.equal(
      response.headers.get("www-authenticate"),
      'Bearer realm="interview-coach", error="insufficient_scope", scope="memory:access", error_description="needs memory:access"',
    );
    const body = (await response.json()) as ProblemBody;
    assert.equal(body.type, "urn:interview-coach:problem:insufficient-scope");
    assert.match(body.detail, /memory:access/);
  });

  it("an API key gets a short-lived access token (OAuth token response) that works in its place", async () => {
    const response = await token(coach, memory);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("cache-control"), "no-store");
    const issued = (await response.json()) as { access_token: string; token_type: string; expires_in: number; scope: string };
    assert.equal(issued.token_type, "Bearer");
    assert.equal(issued.expires_in, 600);
    assert.equal(issued.scope, "memory:access project:read");
    const [, payload] = issued.access_token.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    assert.equal(claims.sub, "carol");
    assert.equal(claims.key_id, keyIdOf(memory));
    assert.equal((claims.exp as number) - (claims.iat as number), 600);
    assert.ok(typeof claims.jti === "string");
    assert.equal((await listTools(coach, issued.access_token)).status, 200);
    // A token cannot mint tokens: only the key itself can.
    assert.equal((await token(coach, issued.access_token)).status, 403);
  });

  it("a token can be narrowed but never widened; bad token requests are 400 naming the field", async () => {
    const narrowed = (await (await token(coach, memory, { scope: "project:read", expires_in: 60 })).json()) as { access_token: string; expires_in: number };
    assert.equal(narrowed.expires_in, 60);
    assert.equal((await listTools(coach, narrowed.access_token)).status, 403, "the narrowed token lacks memory:access");
    const cases: [unknown, string, RegExp][] = [
      [{ scope: "session:sync" }, "scope", /not granted: session:sync/],
      [{ scope: "root" }, "scope", /unknown: root/],
      [{ expires_in: 601 }, "expires_in", /at most 600 seconds/],
      [{ expires_in: 0 }, "expires_in", /at least 1 second/],
      [{ lifetime: 5 }, "body", /lifetime/],
    ];
    for (const [body, field, rule] of cases) {
      const response = await token(coach, memory, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const problem = (await response.json()) as ProblemBody;
      assert.equal(problem.type, "urn:interview-coach:problem:validation");
      assert.ok(
        problem.errors?.some((e) => e.field === field && rule.test(e.rule)),
        JSON.stringify(problem),
      );
    }
  });

  it("401 for a tampered token and for an expired one signed with the server's real secret", async () => {
    const issued = ((await (await token(coach, memory)).json()) as { access_token: string }).access_token;
    const [header, payload, signature] = issued.split(".");
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), sub: "dave" })).toString("base64url");
    await expectUnauthorized(await listTools(coach, `${header}.${widened}.${signature}`), /signature does not verify/);
    const secret = new TextEncoder().encode(readFileSync(path.join(dir, "jwt-secret"), "utf8").trim());
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ scope: "memory:access", key_id: keyIdOf(memory) })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setIssuer("digital-twin-interview-coach")
      .setAudience("interview-coach-api")
      .setSubject("carol")
      .setJti("expired-token")
      .setIssuedAt(now - 120)
      .setExpirationTime(now - 60)
      .sign(secret);
    await expectUnauthorized(await listTools(coach, expired), /has expired/);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${payload}.`;
    await expectUnauthorized(await listTools(coach, unsigned), /not valid/);
  });

  it("revoking a key refuses it and every access token issued for it, at once", async () => {
    const key = await createKey(dir, "erin", ["memory:access"]);
    const issued = ((await (await token(coach, key)).json()) as { access_token: string }).access_token;
    assert.equal((await listTools(coach, key)).status, 200);
    assert.equal((await listTools(coach, issued)).status, 200);
    const revoked = await runCli(["keys", "revoke", keyIdOf(key), "--data-dir", dir]);
    assert.equal(revoked.code, 0, revoked.stderr);
    await expectUnauthorized(await listTools(coach, key), /this API key has been revoked/);
    await expectUnauthorized(await listTools(coach, issued), /API key this access token was issued for has been revoked/);
  });

  it("a key revoked while requests keep arriving with it is refused from the next request after the revocation returns", async () => {
    const key = await createKey(dir, "frank", ["memory:access"]);
    let stop = false;
    let answered = 0;
    // Back-to-back requests keep the server's lock on its database, as a busy server's do.
    const busy = (async () => {
      while (!stop) {
        await listTools(coach, key);
        answered++;
      }
    })();
    while (answered < 5) await new Promise((resolve) => setTimeout(resolve, 10));
    const revoked = await runCli(["keys", "revoke", keyIdOf(key), "--data-dir", dir]);
    stop = true;
    await busy;
    assert.equal(revoked.code, 0, revoked.stderr);
    await expectUnauthorized(await listTools(coach, key), /this API key has been revoked/);
  });

  it("health checks are public; an unknown route is 404 as a problem, with or without a credential", async () => {
    for (const route of ["/livez", "/readyz", "/metrics"]) assert.equal((await request(coach, route)).status, 200, route);
    for (const credential of [undefined, memory]) {
      const missing = await request(coach, "/api/v1/nothing", { credential });
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as ProblemBody).title, "Not Found");
    }
  });
});
