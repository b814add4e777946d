import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ApiKeyStore } from "../../mcp-server/src/http/auth/api-keys.js";
import type { Scope } from "../../mcp-server/src/http/auth/scopes.js";
import { openServerDatabase } from "../../mcp-server/src/http/server-database.js";
import { silentLogger } from "../../mcp-server/src/log.js";
import { request, startHttpCoach, type HttpCoach } from "../support/http-server.js";

type Refs = Record<string, { $ref: string }>;
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; headers?: Refs }> }>>;
  components: { responses: Record<string, { headers?: Refs }>; headers: Record<string, unknown> };
}

interface Case {
  name: string;
  scopes: Scope[] | null;
  method: string;
  /** The request's path, and the document's path template it matches. */
  route: [string, string];
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent first, with the same credential: what puts the server in the state the case needs. */
  before?: { method: string; route: string; body?: unknown }[];
  status: number;
  /** Headers the document declares for this status that this particular answer has no reason to carry. */
  absent?: string[];
}

const RATE_LIMIT = 3;
const BODY_LIMIT = 4096;
const FIRST_WRITE = ["Idempotent-Replayed"];
const project = (id: string) => [`/v1/projects/${id}`, "/v1/projects/{project_id}"] as [string, string];
const CASES: Case[] = [
  { name: "a REST read", scopes: ["memory:access"], method: "GET", route: ["/api/v1/questions", "/api/v1/questions"], status: 200 },
  {
    name: "a REST body that breaks the schema",
    scopes: ["memory:access"],
    method: "POST",
    route: ["/api/v1/performance", "/api/v1/performance"],
    body: {},
    status: 400,
  },
  {
    name: "a body over the limit",
    scopes: ["memory:access"],
    method: "POST",
    route: ["/api/v1/performance", "/api/v1/performance"],
    body: { category: "x".repeat(BODY_LIMIT) },
    status: 413,
  },
  { name: "no such question", scopes: ["memory:access"], method: "GET", route: ["/api/v1/questions/nope", "/api/v1/questions/{id}"], status: 404 },
  { name: "no credential", scopes: null, method: "GET", route: ["/api/v1/questions", "/api/v1/questions"], status: 401 },
  { name: "a missing scope", scopes: ["memory:access"], method: "GET", route: ["/v1/projects", "/v1/projects"], status: 403 },
  {
    name: "past the rate limit",
    scopes: ["memory:access"],
    method: "GET",
    route: ["/api/v1/questions", "/api/v1/questions"],
    before: Array.from({ length: RATE_LIMIT }, () => ({ method: "GET", route: "/api/v1/questions" })),
    status: 429,
  },
  { name: "an access token", scopes: ["memory:access"], method: "POST", route: ["/v1/auth/token", "/v1/auth/token"], body: {}, status: 200 },
  { name: "a project written", scopes: ["project:write"], method: "PUT", route: project("acme"), body: { name: "Acme" }, status: 200, absent: FIRST_WRITE },
  {
    name: "a project write replayed",
    scopes: ["project:write"],
    method: "PUT",
    route: project("beta"),
    body: { name: "Beta" },
    headers: { "idempotency-key": "replay-0001" },
    before: [{ method: "PUT", route: "/v1/projects/beta", body: { name: "Beta" } }],
    status: 200,
  },
  {
    name: "a project write a later delete supersedes",
    scopes: ["project:write"],
    method: "PUT",
    route: project("gone"),
    body: { name: "Gone", clock: "000000000000001-00000-vscode" },
    before: [
      { method: "PUT", route: "/v1/projects/gone", body: { name: "Gone" } },
      { method: "DELETE", route: "/v1/projects/gone", body: {} },
    ],
    status: 409,
    // Ordered before the delete, the write changes nothing, so it has no place in the change feed.
    absent: [...FIRST_WRITE, "Retry-After", "Awareness-Clock"],
  },
  {
    name: "a project deleted",
    scopes: ["project:write"],
    method: "DELETE",
    route: project("old"),
    body: {},
    before: [{ method: "PUT", route: "/v1/projects/old", body: { name: "Old" } }],
    status: 204,
    absent: FIRST_WRITE,
  },
  { name: "a delete of no project", scopes: ["project:write"], method: "DELETE", route: project("never"), body: {}, status: 404, absent: FIRST_WRITE },
];

/** The header names the document declares for one operation's response with this status. */
function declared(document: Document, method: string, template: string, status: number): string[] {
  const response = document.paths[template]?.[method.toLowerCase()]?.responses[String(status)];
  assert.ok(response, `${method} ${template} documents ${status}`);
  const resolved = response.$ref ? document.components.responses[response.$ref.split("/").at(-1)!]! : response;
  return Object.keys(resolved.headers ?? {}).sort();
}

describe("the response headers /openapi.json declares are the ones the server sends", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let document: Document;
  const keys = new Map<string, string>();

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-openapi-headers-"));
    // A key per case: each case's rate-limit count starts afresh.
    const serverDatabase = openServerDatabase(dir, silentLogger);
    const store = new ApiKeyStore(serverDatabase);
    for (const { name, scopes } of CASES) if (scopes) keys.set(name, (await store.create({ userId: "hedy", scopes, name })).key);
    serverDatabase.close();
    coach = await startHttpCoach({ dataDir: dir, args: ["--rate-limit", String(RATE_LIMIT), "--body-limit", String(BODY_LIMIT)] });
    document = (await (await request(coach, "/openapi.json")).json()) as Document;
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`${c.method} ${c.route[1]}, ${c.name}: ${c.status}`, async () => {
      const credential = keys.get(c.name);
      for (const step of c.before ?? []) {
        const ready = await request(coach, step.route, { method: step.method, credential, body: step.body, headers: c.headers });
        assert.ok(ready.status < 300, `${step.method} ${step.route}: ${ready.status}`);
      }
      const response = await request(coach, c.route[0], { method: c.method, credential, body: c.body, headers: c.headers });
      assert.equal(response.status, c.status, await response.clone().text());
      const names = declared(document, c.method, c.route[1], c.status);
      const expected = names.filter((name) => !(c.absent ?? []).includes(name));
      assert.deepEqual(
        expected.filter((name) => !response.headers.has(name)),
        [],
        "declared but not sent",
      );
      const documented = Object.keys(document.components.headers);
      const sent = documented.filter((name) => response.headers.has(name));
      assert.deepEqual(
        sent.filter((name) => !names.includes(name)),
        [],
        "sent but not declared for this response",
      );
    });
  }
});
