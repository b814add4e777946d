import assert from "node:assert/strict";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import Fastify, { type FastifyInstance } from "fastify";
import { z } from "zod";
import type { Principal } from "../../mcp-server/src/http/auth/principal.js";
import { buildDocument } from "../../mcp-server/src/http/openapi/document.js";
import { describeRoute, withStatus, type OperationDescription } from "../../mcp-server/src/http/openapi/index.js";
import { installOpenApiRegistry } from "../../mcp-server/src/http/openapi/registry.js";
import { installProblemHandlers } from "../../mcp-server/src/http/problem.js";

// The registry API the awareness routes will use, on a bare fastify app: the served app has no route yet with headers, a 204 or a chosen status.
describe("describeRoute: the route registry behind /openapi.json", () => {
  const project = z.object({ projectId: z.string(), name: z.string() });
  const params = z.strictObject({ projectId: z.string().regex(/^[a-z-]+$/, { error: "must be lower-case letters and hyphens" }) });
  const headers = z.strictObject({
    "idempotency-key": z.string().min(8, { error: "must be at least 8 characters" }).describe("Replays of the same write return the first result"),
    "x-attempt": z.number().int().optional().describe("Which delivery attempt this is"),
  });
  const AUDITED = { "X-Audited": { description: "yes, once the write is in the audit log", schema: { type: "string" } } };
  let app: FastifyInstance;
  const principal: Principal = { userId: "alice", scopes: ["project:read", "project:write"], credentialId: "k", kind: "api_key", tokenId: null };

  before(async () => {
    app = Fastify();
    installProblemHandlers(app);
    // Stands in for the authentication hook: every caller is alice with the project scopes.
    app.decorateRequest("principal", null);
    app.addHook("onRequest", async (request) => {
      request.principal = request.headers["x-anonymous"] ? null : principal;
    });
    installOpenApiRegistry(app).tag("Projects", "Interview projects.");
    const seen = new Set<string>();
    describeRoute(app, {
      method: "PUT",
      path: "/v1/projects/{projectId}",
      operationId: "putProject",
      summary: "Create or update a project",
      description: "Creates or updates one project; a replay of the same idempotency key answers 200 with the first result.",
      tags: ["Projects"],
      scope: "project:write",
      params,
      headers,
      body: z.strictObject({ name: z.string().min(1) }),
      response: project,
      status: 201,
      otherStatuses: { 200: "A replay: the first result." },
      responseHeaders: { 201: AUDITED, 409: AUDITED },
      problems: [409],
      hooks: { onSend: async (_request, reply, payload) => (reply.header("x-audited", "yes"), payload) },
      handler: ({ params, headers, body }) => {
        const replay = seen.has(headers["idempotency-key"]);
        seen.add(headers["idempotency-key"]);
        const result = { projectId: params.projectId, name: body.name };
        return replay ? withStatus(200, result) : headers["x-attempt"] === 99 ? withStatus(202, result) : result;
      },
    });
    describeRoute(app, {
      method: "DELETE",
      path: "/v1/projects/{projectId}",
      operationId: "deleteProject",
      summary: "Delete a project",
      description: "Deletes one project.",
      tags: ["Projects"],
      scope: "session:sync",
      params,
      handler: () => undefined,
    });
    describeRoute(app, {
      method: "GET",
      path: "/v1/projects/{projectId}",
      operationId: "getProject",
      summary: "One project",
      description: "One project, publicly readable here so the document shows a public operation.",
      tags: ["Projects"],
      scope: null,
      public: true,
      params,
      response: project,
      handler: ({ params }) => ({ projectId: params.projectId, name: 42 }) as unknown as z.input<typeof project>,
    });
    await app.ready();
  });
  after(() => app.close());

  const put = (headers: Record<string, string>, body: unknown = { name: "Acme" }) =>
    app.inject({ method: "PUT", url: "/v1/projects/acme", headers: { "content-type": "application/json", ...headers }, payload: JSON.stringify(body) });

  it("parses headers with their schema (numbers from text), answers the route's status, or another it lists with withStatus", async () => {
    const missing = await put({});
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(missing.json().errors, [{ field: "idempotency-key", rule: "Invalid input: expected string, received undefined" }]);
    const short = await put({ "idempotency-key": "abc" });
    assert.deepEqual(short.json().errors, [{ field: "idempotency-key", rule: "must be at least 8 characters" }]);
    const notNumber = await put({ "idempotency-key": "key-00001", "x-attempt": "first" });
    assert.equal(notNumber.json().errors[0].field, "x-attempt");

    const created = await put({ "idempotency-key": "key-00002", "x-attempt": "1" });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(created.json(), { projectId: "acme", name: "Acme" });
    assert.equal(created.headers["x-audited"], "yes", "the route's own hooks run");
    const replay = await put({ "idempotency-key": "key-00002" });
    assert.equal(replay.statusCode, 200);
    const unlisted = await put({ "idempotency-key": "key-00003", "x-attempt": "99" });
    assert.equal(unlisted.statusCode, 500, "a status the description does not list is this server's bug");
  });

  it("checks the scope first, answers 204 without a response schema, and refuses a result outside the response schema", async () => {
    const refused = await app.inject({ method: "DELETE", url: "/v1/projects/acme" });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().type, "urn:interview-coach:problem:insufficient-scope");
    const anonymous = await app.inject({ method: "DELETE", url: "/v1/projects/acme", headers: { "x-anonymous": "1" } });
    assert.equal(anonymous.statusCode, 401);
    const badPath = await put({ "idempotency-key": "key-00004" }).then(() => app.inject({ method: "GET", url: "/v1/projects/ACME" }));
    assert.deepEqual([badPath.statusCode, badPath.json().errors[0].field], [400, "projectId"]);
    const wrongShape = await app.inject({ method: "GET", url: "/v1/projects/acme" });
    assert.equal(wrongShape.statusCode, 500);
  });

  it("documents what it registered: header parameters, every success status, 204 without content, public operations without security", () => {
    const document = buildDocument(app.openapi.operations(), app.openapi.tags, { title: "t", version: "1", description: "d" });
    const item = document.paths["/v1/projects/{projectId}"]!;
    const putOp = item.put!;
    assert.deepEqual(
      putOp.parameters!.map((p) => [p.name, p.in, p.required, p.schema.type]),
      [
        ["projectId", "path", true, "string"],
        ["idempotency-key", "header", true, "string"],
        ["x-attempt", "header", false, "integer"],
      ],
    );
    assert.deepEqual(Object.keys(putOp.responses), ["200", "201", "400", "401", "403", "404", "409", "413", "415", "429"]);
    assert.deepEqual(
      putOp.security,
      [{ bearerAuth: ["project:write"] }, { oauth2: ["project:write"] }],
      "a bearer credential or an OAuth token, with the scope",
    );
    assert.deepEqual(Object.keys(item.delete!.responses["204"] as object), ["description", "headers"], "204: no content");
    assert.deepEqual(item.get!.security, []);
    assert.ok(!("401" in item.get!.responses), "a public operation cannot be refused a credential");
    assert.deepEqual(app.openapi.coverage().undocumented, []);
  });

  it("declares response headers: X-Request-Id on every response, the rate limit once authenticated, a status's own, the operation's own", () => {
    const document = buildDocument(app.openapi.operations(), app.openapi.tags, { title: "t", version: "1", description: "d" });
    const components = document.components as { responses: Record<string, Response>; headers: Record<string, unknown> };
    type Response = { $ref?: string; headers?: Record<string, { $ref: string }> };
    const headersOf = (response: unknown) => {
      const { $ref, headers } = response as Response;
      const resolved = $ref ? components.responses[$ref.split("/").at(-1)!]! : { headers };
      for (const [name, header] of Object.entries(resolved.headers ?? {})) assert.ok(components.headers[header.$ref.split("/").at(-1)!], `${name} resolves`);
      return Object.keys(resolved.headers ?? {}).sort();
    };
    const { put: putOp, get: getOp } = document.paths["/v1/projects/{projectId}"]!;
    const limited = ["RateLimit", "RateLimit-Policy", "X-Request-Id"];
    assert.deepEqual(headersOf(putOp!.responses["201"]), ["RateLimit", "RateLimit-Policy", "X-Audited", "X-Request-Id"]);
    assert.deepEqual(headersOf(putOp!.responses["200"]), limited);
    assert.deepEqual(headersOf(putOp!.responses["400"]), limited);
    assert.deepEqual(headersOf(putOp!.responses["401"]), ["WWW-Authenticate", "X-Request-Id"], "refused before the rate limit counts");
    assert.deepEqual(headersOf(putOp!.responses["403"]), ["RateLimit", "RateLimit-Policy", "WWW-Authenticate", "X-Request-Id"]);
    assert.deepEqual(headersOf(putOp!.responses["429"]), ["RateLimit", "RateLimit-Policy", "Retry-After", "X-Request-Id"]);
    assert.ok(!("$ref" in (putOp!.responses["409"] as object)), "a problem with headers of its own is written out in place");
    assert.deepEqual(headersOf(putOp!.responses["409"]), ["RateLimit", "RateLimit-Policy", "X-Audited", "X-Request-Id"]);
    assert.deepEqual([headersOf(getOp!.responses["200"]), headersOf(getOp!.responses["400"])], [["X-Request-Id"], ["X-Request-Id"]], "public: no rate limit");
    assert.deepEqual(
      [(getOp!.responses["400"] as Response).$ref, (putOp!.responses["400"] as Response).$ref],
      ["#/components/responses/PublicBadRequest", "#/components/responses/BadRequest"],
    );
  });

  it("refuses headers for a status the operation does not answer, one header declared two ways, a header description over 300 characters", () => {
    const base = { method: "GET" as const, path: "/a", operationId: "a", summary: "s", description: "d", tags: ["Projects"], scope: null, public: true };
    const build = (...operations: OperationDescription[]) => buildDocument(operations, new Map(), { title: "t", version: "1", description: "d" });
    assert.throws(() => build({ ...base, responseHeaders: { 202: AUDITED } }), /a: response headers for status 202, which it does not answer/);
    const differently = { "X-Audited": { ...AUDITED["X-Audited"], description: "no" } };
    assert.throws(
      () => build({ ...base, responseHeaders: { 204: AUDITED } }, { ...base, operationId: "b", responseHeaders: { 204: differently } }),
      /b: the response header X-Audited is declared elsewhere differently/,
    );
    const long = { "X-Audited": { ...AUDITED["X-Audited"], description: "d".repeat(301) } };
    assert.throws(
      () => describeRoute(Fastify(), { ...base, responseHeaders: { 204: long }, handler: () => undefined }),
      /the X-Audited header description has 301 characters/,
    );
  });

  it("refuses at registration a description over 300 characters, a path and params that disagree, a public route with a scope", () => {
    const base = { method: "GET" as const, operationId: "x", summary: "s", tags: ["Projects"], handler: () => undefined };
    const fresh = Fastify();
    assert.throws(() => describeRoute(fresh, { ...base, path: "/a", description: "d".repeat(301), scope: null }), /301 characters; GPT Actions allow 300/);
    assert.throws(() => describeRoute(fresh, { ...base, path: "/a/{id}", description: "d", scope: null }), /path parameters \{id\} differ/);
    assert.throws(() => describeRoute(fresh, { ...base, path: "/a", description: "d", scope: "project:read", public: true }), /cannot require the scope/);
    assert.throws(
      () => describeRoute(fresh, { ...base, path: "/a", description: "d", scope: null, parameterDescriptions: { q: "q".repeat(301) } }),
      /the q description/,
    );
  });
});

describe("describeRoute: answers a tool shares between calls", () => {
  const listing = z.object({ names: z.array(z.string()) });
  let app: FastifyInstance;
  let checks = 0;
  const counted = listing.superRefine(() => void checks++);
  const shared = Object.freeze({ names: Object.freeze(["a", "b"]), internal: "not in the schema" });
  const broken = Object.freeze({ names: Object.freeze([1]) });
  const fresh = { names: ["x"] };
  // Past the size worth compressing: a bank-sized list of question ids.
  const large = Object.freeze({ names: Object.freeze(Array.from({ length: 400 }, (_, i) => `question-${i}-about-a-time-you-led`)) });

  before(async () => {
    app = Fastify();
    installProblemHandlers(app);
    app.decorateRequest("principal", null);
    installOpenApiRegistry(app);
    const route = (path: string, operationId: string, answer: () => unknown) =>
      describeRoute(app, {
        method: "GET",
        path,
        operationId,
        summary: operationId,
        description: operationId,
        tags: [],
        scope: null,
        public: true,
        response: counted,
        handler: () => answer() as z.input<typeof listing>,
      });
    route("/shared", "shared", () => shared);
    route("/broken", "broken", () => broken);
    route("/fresh", "fresh", () => fresh);
    route("/large", "large", () => large);
    await app.ready();
  });
  after(() => app.close());

  it("checks and serializes a frozen answer once, as the response schema has it, and every other answer each time", async () => {
    checks = 0;
    for (let i = 0; i < 3; i++) {
      const answer = await app.inject({ method: "GET", url: "/shared" });
      assert.equal(answer.statusCode, 200);
      assert.equal(answer.headers["content-type"], "application/json; charset=utf-8");
      assert.deepEqual(answer.json(), { names: ["a", "b"] }, "fields outside the schema are left out");
    }
    assert.equal(checks, 1);
    for (let i = 0; i < 2; i++)
      assert.equal((await app.inject({ method: "GET", url: "/broken" })).statusCode, 500, "a frozen answer outside the schema is refused every time");
    checks = 0;
    assert.deepEqual((await app.inject({ method: "GET", url: "/fresh" })).json(), { names: ["x"] });
    fresh.names.push("y");
    assert.deepEqual((await app.inject({ method: "GET", url: "/fresh" })).json(), { names: ["x", "y"] });
    assert.equal(checks, 2);
  });

  it("sends a large shared answer compressed as the client asks, the same JSON once decoded, and says it varies by Accept-Encoding", async () => {
    const plain = await app.inject({ method: "GET", url: "/large" });
    assert.equal(plain.headers["content-encoding"], undefined);
    assert.equal(plain.headers.vary, "accept-encoding");
    const json = plain.rawPayload;
    const asked = async (acceptEncoding: string) => app.inject({ method: "GET", url: "/large", headers: { "accept-encoding": acceptEncoding } });
    const gzipped = await asked("gzip, deflate");
    assert.equal(gzipped.headers["content-encoding"], "gzip");
    assert.deepEqual(gunzipSync(gzipped.rawPayload), json);
    assert.ok(gzipped.rawPayload.length < json.length / 4, `${gzipped.rawPayload.length} of ${json.length} bytes`);
    const brotli = await asked("br;q=1, gzip;q=0.5");
    assert.equal(brotli.headers["content-encoding"], "br");
    assert.deepEqual(brotliDecompressSync(brotli.rawPayload), json);
    for (const refused of ["gzip;q=0, br;q=0", "deflate", "identity"]) assert.equal((await asked(refused)).headers["content-encoding"], undefined, refused);
    // Each header is negotiated once and remembered: asked again, in either order, each gets its own answer.
    for (const [header, encoding] of [
      ["gzip;q=1, br;q=0.5", "gzip"],
      ["br;q=1, gzip;q=0.5", "br"],
      ["gzip, deflate", "gzip"],
      ["identity", undefined],
    ] as const) {
      assert.equal((await asked(header)).headers["content-encoding"], encoding, header);
    }
    assert.equal(
      (await app.inject({ method: "GET", url: "/shared", headers: { "accept-encoding": "gzip" } })).headers["content-encoding"],
      undefined,
      "a small answer goes as it is",
    );
  });
});
