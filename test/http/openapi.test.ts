import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { interviewPrepInput, interviewPrepOutput } from "../../mcp-server/src/contracts/interview-prep.js";
import { getAnalyticsReportOutput, recordPerformanceInput, recordPerformanceOutput } from "../../mcp-server/src/contracts/progress.js";
import { createKey, request, startHttpCoach, type HttpCoach, type LogLine } from "../support/http-server.js";

const PUBLIC_URL = "https://coach.interview-twin.dev";
const REDOCLY = path.join(__dirname, "../../node_modules/.bin/redocly");
const METHODS = ["get", "put", "post", "delete", "patch"];

interface Operation {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: { $ref: string } }>; headers?: Record<string, { $ref: string }> }>;
  security: Record<string, string[]>[];
}
interface Document {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    responses: Record<string, { content: Record<string, unknown> }>;
    headers: Record<string, { description: string; schema: Record<string, unknown> }>;
    securitySchemes: Record<string, unknown>;
  };
  security: Record<string, string[]>[];
}

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([route, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ key: `${method.toUpperCase()} ${route}`, op })),
  );

/** The generator's own schema for a contract, as the document should carry it. */
const expected = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io });
  return rest;
};

function lint(file: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // NODE_OPTIONS="--import tsx" (one file run with mocha) would make redocly's node look for tsx in the temporary cwd and exit.
  const { NODE_OPTIONS: _ours, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(
      REDOCLY,
      ["lint", file, "--format=json"],
      { cwd, env: { ...env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("the OpenAPI document at /openapi.json", function () {
  this.timeout(120_000);
  let dir: string;
  let coach: HttpCoach;
  let document: Document;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-openapi-"));
    coach = await startHttpCoach({ dataDir: dir, args: ["--public-url", PUBLIC_URL, "--token-ttl", "600"] });
    const response = await request(coach, "/openapi.json");
    assert.equal(response.status, 200, "public: no credential needed");
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    document = (await response.json()) as Document;
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is OpenAPI 3.1 with the --public-url as its server, and bearer auth or OAuth 2.0 declared globally", () => {
    assert.equal(document.openapi, "3.1.0");
    assert.deepEqual(document.servers, [{ url: PUBLIC_URL }]);
    assert.deepEqual(document.components.securitySchemes.bearerAuth, {
      type: "http",
      scheme: "bearer",
      description: "An API key (ick_..., from the keys CLI) or an access token from POST /v1/auth/token",
    });
    assert.deepEqual(document.security, [{ bearerAuth: [] }, { oauth2: [] }]);
  });

  it("declares the OAuth 2.0 authorization-code flow at the server's own /authorize and /token, with every scope described", async () => {
    const oauth = document.components.securitySchemes.oauth2 as {
      type: string;
      flows: Record<string, { authorizationUrl: string; tokenUrl: string; refreshUrl: string; scopes: Record<string, string> }>;
    };
    assert.equal(oauth.type, "oauth2");
    assert.deepEqual(Object.keys(oauth.flows), ["authorizationCode"]);
    const flow = oauth.flows.authorizationCode!;
    assert.deepEqual([flow.authorizationUrl, flow.tokenUrl, flow.refreshUrl], ["/authorize", "/token", "/token"]);
    // Relative URLs resolve against servers[0]: the public origin, where the authorization server answers.
    assert.equal(new URL(flow.tokenUrl, document.servers[0]!.url).href, `${PUBLIC_URL}/token`);
    assert.deepEqual(Object.keys(flow.scopes).sort(), ["memory:access", "project:read", "project:write", "session:sync"]);
    for (const [scope, description] of Object.entries(flow.scopes)) assert.ok(description.length > 10 && description.length <= 120, scope);
    const metadata = (await (await request(coach, "/.well-known/oauth-authorization-server")).json()) as Record<string, string | string[]>;
    assert.equal(metadata.issuer, document.servers[0]!.url, "the authorization server is at the document's server");
    // Endpoint URLs are built from the request's host (127.0.0.1 here, the public host behind a proxy): their paths are what must agree.
    assert.deepEqual(
      [new URL(metadata.authorization_endpoint as string).pathname, new URL(metadata.token_endpoint as string).pathname],
      [flow.authorizationUrl, flow.tokenUrl],
      "the flow's URLs are the authorization server's own endpoints",
    );
    for (const scope of Object.keys(flow.scopes)) assert.ok((metadata.scopes_supported as string[]).includes(scope), scope);
  });

  it("each authenticated operation takes a bearer credential or an OAuth token with the scope its route requires; the token exchange takes only an API key", () => {
    for (const { key, op } of operationsOf(document)) {
      if (op.security.length === 0) continue;
      const [bearer, oauth, ...more] = op.security;
      assert.deepEqual(more, [], key);
      assert.deepEqual(Object.keys(bearer!), ["bearerAuth"], key);
      // A person's own key exchanges tokens and manages connected apps; a connected app's OAuth token does neither.
      if (key === "POST /v1/auth/token" || key.includes("/v1/auth/")) {
        assert.deepEqual(op.security, [{ bearerAuth: [] }], `${key}: only an API key`);
        continue;
      }
      assert.equal(bearer!.bearerAuth!.length, 1, `${key} names its scope`);
      assert.deepEqual(oauth, { oauth2: bearer!.bearerAuth }, key);
    }
    const scopeOf = (route: string, method: string) => document.paths[route]![method]!.security[1]!.oauth2;
    assert.deepEqual(scopeOf("/v1/projects/{project_id}", "put"), ["project:write"]);
    assert.deepEqual(scopeOf("/v1/projects", "get"), ["project:read"]);
    assert.deepEqual(scopeOf("/v1/sessions", "get"), ["session:sync"]);
  });

  it("every operation: a unique operationId, a summary, a description and parameter descriptions within 300 characters, tags", () => {
    const operations = operationsOf(document);
    assert.ok(operations.length >= 13);
    const ids = operations.map(({ op }) => op.operationId);
    assert.equal(new Set(ids).size, ids.length, `unique: ${ids.join(", ")}`);
    for (const { key, op } of operations) {
      assert.match(op.operationId, /^[a-z][A-Za-z0-9]+$/, key);
      assert.ok(op.summary.trim().length > 0, key);
      assert.ok(op.description.length > 0 && op.description.length <= 300, `${key}: description of ${op.description.length} characters`);
      assert.ok(op.tags.length > 0, key);
      for (const parameter of op.parameters ?? []) {
        assert.ok((parameter.description ?? "").length > 0 && parameter.description!.length <= 300, `${key} ${parameter.name}: ${parameter.description}`);
        if (parameter.in === "path") assert.equal(parameter.required, true);
      }
    }
  });

  it("every operation declares its success body and its problems as application/problem+json", () => {
    for (const { key, op } of operationsOf(document)) {
      const success = Object.keys(op.responses).filter((status) => status.startsWith("2"));
      assert.ok(success.length > 0, key);
      for (const status of success.filter((s) => s !== "204"))
        assert.match(op.responses[status]!.content!["application/json"]!.schema.$ref, /^#\/components\/schemas\/\w+Response$/, key);
      const isPublic = op.security.length === 0;
      const problems = [
        "400",
        ...(isPublic ? [] : ["401", "429"]),
        ...(op.parameters?.some((p) => p.in === "path") ? ["404"] : []),
        ...(op.requestBody ? ["413"] : []),
      ];
      for (const status of problems) assert.ok(op.responses[status], `${key} documents ${status}`);
      for (const [status, response] of Object.entries(op.responses).filter(([s]) => !s.startsWith("2"))) {
        // Shared, or written out in place when the operation adds headers of its own.
        const problem = response.$ref ? document.components.responses[response.$ref.split("/").at(-1)!]! : response;
        assert.deepEqual(Object.keys(problem.content!), ["application/problem+json"], `${key} ${status}`);
      }
      if (key.includes("/api/")) {
        assert.ok(op.responses["403"]?.$ref, `${key} documents 403`);
        assert.deepEqual(op.security, [{ bearerAuth: ["memory:access"] }, { oauth2: ["memory:access"] }], key);
      }
    }
    for (const [name, response] of Object.entries(document.components.responses)) {
      assert.deepEqual(Object.keys(response.content), ["application/problem+json"], name);
    }
  });

  it("schemas are the tools' zod schemas: request bodies as input, responses as output", () => {
    const post = document.paths["/api/v1/performance"]!.post!;
    assert.equal(post.operationId, "recordPerformance");
    assert.ok(post.responses["201"], "a write that stores answers 201");
    assert.equal(post.requestBody?.required, true);
    assert.deepEqual(document.components.schemas.RecordPerformanceRequest, expected(recordPerformanceInput, "input"));
    assert.deepEqual(document.components.schemas.RecordPerformanceResponse, expected(recordPerformanceOutput, "output"));
    const limit = document.paths["/api/v1/recommendations"]!.get!.parameters!.find((p) => p.name === "limit")!;
    assert.deepEqual([limit.in, limit.required, limit.schema.type, limit.schema.default], ["query", false, "integer", 10]);
    assert.ok(!document.paths["/api/v1/recommendations"]!.get!.parameters!.some((p) => p.name === "userId"), "the user is the credential's, not a parameter");
  });

  it("documents the first plan's routes: startInterviewPrep and getPerformanceMetrics, each for memory:access by either scheme", () => {
    const memory = [{ bearerAuth: ["memory:access"] }, { oauth2: ["memory:access"] }];
    const prep = document.paths["/api/chat/interview-prep"]!.post!;
    assert.equal(prep.operationId, "startInterviewPrep");
    assert.equal(prep.requestBody?.required, true, "question is required");
    assert.deepEqual(document.components.schemas.StartInterviewPrepRequest, expected(interviewPrepInput, "input"));
    assert.equal(prep.responses["200"]!.content!["application/json"]!.schema.$ref, "#/components/schemas/StartInterviewPrepResponse");
    assert.deepEqual(document.components.schemas.StartInterviewPrepResponse, expected(interviewPrepOutput, "output"));
    assert.deepEqual(prep.security, memory);
    for (const status of ["400", "401", "403", "409"]) assert.ok(prep.responses[status], `startInterviewPrep documents ${status}`);

    const metrics = document.paths["/api/analytics/performance"]!.get!;
    assert.equal(metrics.operationId, "getPerformanceMetrics");
    const period = metrics.parameters!.find((p) => p.name === "period")!;
    assert.deepEqual([period.in, period.required, period.schema.enum], ["query", true, ["daily", "weekly", "monthly"]]);
    assert.deepEqual(document.components.schemas.GetPerformanceMetricsResponse, expected(getAnalyticsReportOutput, "output"));
    assert.deepEqual(document.components.schemas.GetPerformanceMetricsResponse, document.components.schemas.GetAnalyticsReportResponse, "the same report");
    assert.deepEqual(metrics.security, memory);
  });

  it("documents POST /v1/auth/token with the server's --token-ttl, and the route keeps to it", async () => {
    const token = document.paths["/v1/auth/token"]!.post!;
    assert.equal(token.operationId, "issueAccessToken");
    assert.equal(token.requestBody?.required, false, "every field is optional");
    const body = document.components.schemas.IssueAccessTokenRequest as { properties: { expires_in: { maximum: number } } };
    assert.equal(body.properties.expires_in.maximum, 600);
    const key = await createKey(dir, "dora", ["memory:access"]);
    const tooLong = await request(coach, "/v1/auth/token", { credential: key, body: { expires_in: 601 } });
    assert.equal(tooLong.status, 400);
    assert.equal(((await tooLong.json()) as { errors: { field: string }[] }).errors[0]!.field, "expires_in");
    const issued = (await (await request(coach, "/v1/auth/token", { credential: key, body: {} })).json()) as Record<string, unknown>;
    assert.deepEqual(
      Object.keys(issued).sort(),
      Object.keys((document.components.schemas.IssueAccessTokenResponse as { properties: object }).properties).sort(),
    );
  });

  it("every route the app registers is in the document, or left out on purpose (probes, metrics, /mcp)", async () => {
    const line = (await coach.waitForLine((l) => l.msg === "openapi document built")) as LogLine & {
      operations: string[];
      excluded: string[];
      undocumented: string[];
    };
    assert.deepEqual(line.undocumented, [], "routes neither described nor excluded");
    assert.deepEqual(
      operationsOf(document)
        .map((o) => o.key)
        .sort(),
      [...line.operations].sort(),
    );
    for (const path of ["/livez", "/readyz", "/metrics", "/mcp", "/openapi.json"])
      assert.ok(
        line.excluded.some((e) => e.includes(` ${path} (`)),
        path,
      );
    assert.ok(!coach.lines().some((l) => l.msg.startsWith("routes missing from /openapi.json")));
    for (const { key } of operationsOf(document)) {
      const [method, template] = key.split(" ") as [string, string];
      // Every documented path reaches a route: without a credential, a route answers 401, an unknown path 404.
      const response = await request(coach, template.replace(/\{[^}]+\}/g, "x"), { method, body: method === "GET" ? undefined : {} });
      const isPublic = document.paths[template]![method.toLowerCase()]!.security.length === 0;
      if (!isPublic) assert.equal(response.status, 401, key);
      else assert.notEqual(response.status, 404, key);
    }
  });

  it("passes @redocly/cli lint with the recommended rules: no errors, no warnings", async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "coach-openapi-lint-"));
    try {
      const file = path.join(work, "openapi.json");
      writeFileSync(file, JSON.stringify(document, null, 2));
      const result = await lint(file, work);
      const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
      assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 }, JSON.stringify(report.problems, null, 2));
      assert.equal(result.code, 0, result.stderr);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
