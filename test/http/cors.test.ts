import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createKey, MCP_HEADERS, request, rpc, startHttpCoach, type HttpCoach } from "../support/http-server.js";

const APP = "https://app.example.com";
const DEV = "http://localhost:5173";
const FOREIGN = "https://evil.example";
const RATE_LIMIT = 3;

/** The Access-Control-* headers of a response, lower-cased, for "none at all" checks. */
function corsHeaders(response: Response): string[] {
  const names: string[] = [];
  response.headers.forEach((_value, name) => name.startsWith("access-control-") && names.push(name));
  return names;
}
const listed = (response: Response, name: string) => (response.headers.get(name) ?? "").split(",").map((v) => v.trim().toLowerCase());

function preflight(coach: HttpCoach, route: string, origin: string, method: string, headers: string[]): Promise<Response> {
  return fetch(`${coach.url}${route}`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers.join(", ") },
  });
}

describe("CORS for browser callers", function () {
  this.timeout(60_000);

  describe("with --allowed-origin", () => {
    let dir: string;
    let coach: HttpCoach;
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-cors-"));
      coach = await startHttpCoach({
        dataDir: dir,
        args: ["--allowed-origin", APP, "--allowed-origin", DEV, "--rate-limit", String(RATE_LIMIT), "--rate-limit-window", "60"],
      });
    });
    after(async () => {
      await coach?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("answers a preflight from an allowed origin with 204 and the Access-Control-* headers, without a credential or the rate limit", async () => {
      const key = await createKey(dir, "pia", ["project:read", "project:write"]);
      const routes: [string, string, string[]][] = [
        ["/v1/projects/acme", "PUT", ["authorization", "content-type", "idempotency-key", "x-request-id"]],
        ["/api/v1/questions", "GET", ["authorization"]],
        ["/mcp", "POST", ["authorization", "content-type", "mcp-protocol-version", "mcp-session-id", "last-event-id"]],
      ];
      // More preflights than the budget allows: none is refused, and none spends from it.
      for (let round = 0; round < RATE_LIMIT + 1; round++) {
        for (const [route, method, headers] of routes) {
          const origin = round % 2 ? DEV : APP;
          const response = await preflight(coach, route, origin, method, headers);
          assert.equal(response.status, 204, `${method} ${route}`);
          assert.equal(response.headers.get("access-control-allow-origin"), origin);
          assert.ok(listed(response, "access-control-allow-methods").includes(method.toLowerCase()), `${method} allowed`);
          const allowedHeaders = listed(response, "access-control-allow-headers");
          for (const header of headers) assert.ok(allowedHeaders.includes(header), `${header} allowed for ${route}`);
          assert.equal(response.headers.get("access-control-max-age"), "600");
          assert.equal(response.headers.get("access-control-allow-credentials"), null, "bearer credentials, not cookies");
          assert.ok(listed(response, "vary").includes("origin"), "caches keep one answer per Origin");
          assert.equal(response.headers.get("ratelimit"), null);
          assert.equal(response.headers.get("www-authenticate"), null);
        }
      }
      const bare = await fetch(`${coach.url}/v1/projects`, { method: "OPTIONS", headers: { origin: APP } });
      assert.equal(bare.status, 204, "an OPTIONS without Access-Control-Request-Method is answered the same");
      assert.equal(bare.headers.get("access-control-allow-origin"), APP);
      const first = await request(coach, "/v1/projects", { credential: key, headers: { origin: APP } });
      assert.equal(first.status, 200);
      assert.equal(first.headers.get("ratelimit")?.split(";")[1], `r=${RATE_LIMIT - 1}`, "the preflights spent nothing");
    });

    it("an actual cross-origin request from an allowed origin gets its Origin back and may read the headers it needs", async () => {
      const key = await createKey(dir, "quinn", ["project:read", "project:write"]);
      const put = await request(coach, "/v1/projects/acme", {
        method: "PUT",
        credential: key,
        body: { name: "Acme" },
        headers: { origin: APP, "idempotency-key": "cors-put-1" },
      });
      assert.equal(put.status, 200);
      assert.equal(put.headers.get("access-control-allow-origin"), APP);
      assert.ok(put.headers.get("awareness-clock"), "the write reports its clock");
      const exposed = listed(put, "access-control-expose-headers");
      for (const header of [
        "ratelimit",
        "ratelimit-policy",
        "retry-after",
        "x-request-id",
        "www-authenticate",
        "mcp-session-id",
        "awareness-clock",
        "awareness-write-clock",
        "idempotent-replayed",
      ]) {
        assert.ok(exposed.includes(header), `${header} exposed; got ${exposed.join(", ")}`);
      }
      const get = await request(coach, "/v1/projects", { credential: key, headers: { origin: DEV } });
      assert.equal(get.status, 200);
      assert.equal(get.headers.get("access-control-allow-origin"), DEV);
      assert.ok(listed(get, "vary").includes("origin"));
      assert.deepEqual(listed(get, "access-control-expose-headers"), exposed);

      // The answers a browser client must be able to read are CORS answers too: 401, 429.
      const anonymous = await request(coach, "/v1/projects", { headers: { origin: APP } });
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.headers.get("access-control-allow-origin"), APP);
      assert.equal(
        anonymous.headers.get("www-authenticate"),
        `Bearer realm="interview-coach", resource_metadata="${coach.url}/.well-known/oauth-protected-resource"`,
      );
      assert.equal((await request(coach, "/v1/projects", { credential: key, headers: { origin: APP } })).status, 200, "the budget's last request");
      const limited = await request(coach, "/v1/projects", { credential: key, headers: { origin: APP } });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get("access-control-allow-origin"), APP);
      assert.ok(Number(limited.headers.get("retry-after")) >= 1);
    });

    it("/mcp and CORS agree: an allowed origin gets the response with CORS headers; a foreign one gets 403 and no CORS headers", async () => {
      const key = await createKey(dir, "rosa", ["memory:access"]);
      const allowed = await request(coach, "/mcp", { credential: key, body: rpc("tools/list"), headers: { ...MCP_HEADERS, origin: APP } });
      assert.equal(allowed.status, 200);
      assert.equal(allowed.headers.get("access-control-allow-origin"), APP, "the transport's own response keeps the CORS headers");
      assert.ok(listed(allowed, "access-control-expose-headers").includes("mcp-session-id"));
      const foreign = await request(coach, "/mcp", { credential: key, body: rpc("tools/list"), headers: { ...MCP_HEADERS, origin: FOREIGN } });
      assert.equal(foreign.status, 403);
      assert.deepEqual(corsHeaders(foreign), []);
    });

    it("a foreign origin gets no CORS headers anywhere, preflight included; /openapi.json is shared with the allowed list only", async () => {
      const key = await createKey(dir, "sam", ["project:read"]);
      const refused = await preflight(coach, "/v1/projects", FOREIGN, "GET", ["authorization"]);
      assert.notEqual(refused.status, 204);
      assert.deepEqual(corsHeaders(refused), []);
      const get = await request(coach, "/v1/projects", { credential: key, headers: { origin: FOREIGN } });
      assert.equal(get.status, 200, "not a browser's business: the server answers, the browser withholds it");
      assert.deepEqual(corsHeaders(get), []);
      // An origin differing only in scheme or port is another origin.
      const lookalike = await request(coach, "/v1/projects", { credential: key, headers: { origin: "http://app.example.com" } });
      assert.deepEqual(corsHeaders(lookalike), []);
      const document = await request(coach, "/openapi.json", { headers: { origin: APP } });
      assert.equal(document.status, 200);
      assert.equal(document.headers.get("access-control-allow-origin"), APP);
      assert.deepEqual(corsHeaders(await request(coach, "/openapi.json", { headers: { origin: FOREIGN } })), []);
    });
  });

  describe("without --allowed-origin", () => {
    let dir: string;
    let coach: HttpCoach;
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-no-cors-"));
      coach = await startHttpCoach({ dataDir: dir });
    });
    after(async () => {
      await coach?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it("no origin is allowed: no CORS headers on preflights or requests", async () => {
      const key = await createKey(dir, "tara", ["project:read", "memory:access"]);
      const refused = await preflight(coach, "/v1/projects", APP, "GET", ["authorization"]);
      assert.notEqual(refused.status, 204);
      assert.deepEqual(corsHeaders(refused), []);
      const get = await request(coach, "/v1/projects", { credential: key, headers: { origin: APP } });
      assert.equal(get.status, 200);
      assert.deepEqual(corsHeaders(get), []);
      assert.deepEqual(corsHeaders(await request(coach, "/openapi.json", { headers: { origin: APP } })), []);
      const mcp = await request(coach, "/mcp", { credential: key, body: rpc("tools/list"), headers: { ...MCP_HEADERS, origin: APP } });
      assert.equal(mcp.status, 403);
      assert.deepEqual(corsHeaders(mcp), []);
    });
  });
});
