import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createKey, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { call, clockAt, UNLIMITED, type Problem } from "./awareness-client.js";

type Schema = { type?: string; pattern?: string; properties?: Record<string, Schema> };
interface Document {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: Schema }[] }>>;
  components: { schemas: Record<string, Schema> };
}

/** Clocks either side of the rule, each a way a client or a fuzzer could get one wrong. */
function samples(now: number): { value: string; why: string }[] {
  const good = clockAt(now, "vscode");
  return [
    { value: good, why: "a clock of now" },
    { value: clockAt(now, "claude.desktop:1_a-b"), why: "every character a node id may use" },
    { value: clockAt(now, "n".repeat(64)), why: "the longest node id" },
    { value: "", why: "empty" },
    { value: "vscode", why: "a node id alone" },
    { value: `${String(now)}-00000-vscode`, why: "milliseconds not padded to 15 digits" },
    { value: `0${good}`, why: "16 digits of milliseconds" },
    { value: clockAt(now, "n".repeat(65)), why: "a node id over 64 characters" },
    { value: clockAt(now, "vs/code"), why: "a slash in the node id" },
    { value: `${good}\n`, why: "a trailing newline, which $ allows in Python's regex dialect" },
    { value: good.replace(/[0-9]/g, (d) => String.fromCharCode(0x660 + Number(d))), why: "Arabic-Indic digits, which \\d matches in Python's regex dialect" },
  ];
}

describe("awareness clocks: the pattern /openapi.json states for since and clock is the rule the routes enforce", function () {
  this.timeout(60_000);
  let dir: string;
  let coach: HttpCoach;
  let key: string;
  let document: Document;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-clocks-"));
    key = await createKey(dir, "ada", ["project:read", "project:write", "session:sync"]);
    coach = await startHttpCoach({ dataDir: dir, args: UNLIMITED });
    document = (await call<Document>(coach, "GET", "/openapi.json", null)).body;
  });
  after(async () => {
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const sincePattern = () => document.paths["/v1/changes"]!.get!.parameters!.find((p) => p.name === "since")!.schema.pattern;
  const BODIES = ["PutProjectRequest", "DeleteProjectRequest", "PutSessionRequest", "DeleteSessionRequest"];
  const clockPattern = (body: string) => document.components.schemas[body]!.properties!.clock!.pattern;
  /** JSON Schema patterns are ECMA-262 regular expressions with the Unicode flag. */
  const accepts = (pattern: string, value: string) => new RegExp(pattern, "u").test(value);

  it("states one pattern for since and for every body's clock, in the regex subset JavaScript and Python read alike", () => {
    const patterns = [sincePattern(), ...BODIES.map(clockPattern)];
    for (const pattern of patterns) assert.equal(typeof pattern, "string", "each declares a pattern");
    assert.equal(new Set(patterns).size, 1, patterns.join(" | "));
    // \d, \w, \s and \b match beyond ASCII in Python's re, which Schemathesis generates from.
    assert.doesNotMatch(patterns[0]!, /\\[dDwWsSbB]/);
  });

  it("GET /v1/changes: a since the pattern refuses is a 400 naming since; one it accepts is answered", async () => {
    const pattern = sincePattern()!;
    for (const { value, why } of samples(Date.now())) {
      const answer = await call<Problem>(coach, "GET", `/v1/changes?since=${encodeURIComponent(value)}`, key);
      if (accepts(pattern, value)) {
        assert.equal(answer.status, 200, `${why}: the pattern accepts ${JSON.stringify(value)}`);
      } else {
        assert.equal(answer.status, 400, `${why}: the pattern refuses ${JSON.stringify(value)}`);
        assert.deepEqual(
          answer.body.errors?.map((e) => e.field),
          ["since"],
          why,
        );
      }
    }
  });

  it("PUT and DELETE of projects and sessions: a clock the pattern refuses is a 400 naming clock; one it accepts is not refused", async () => {
    const writes = [
      { body: "PutProjectRequest", method: "PUT", route: "/v1/projects", fields: { name: "Acme" }, accepted: 200 },
      { body: "DeleteProjectRequest", method: "DELETE", route: "/v1/projects", fields: {}, accepted: 404 },
      { body: "PutSessionRequest", method: "PUT", route: "/v1/sessions", fields: { platform: "vscode" }, accepted: 200 },
      // Nothing by that id was live: the delete is recorded all the same.
      { body: "DeleteSessionRequest", method: "DELETE", route: "/v1/sessions", fields: {}, accepted: 404 },
    ];
    for (const write of writes) {
      const pattern = clockPattern(write.body)!;
      for (const [i, { value, why }] of samples(Date.now()).entries()) {
        const answer = await call<Problem>(coach, write.method, `${write.route}/${write.body}-${i}`, key, { ...write.fields, clock: value });
        const where = `${write.method} ${write.route}, ${why}`;
        if (accepts(pattern, value)) {
          assert.equal(answer.status, write.accepted, `${where}: the pattern accepts ${JSON.stringify(value)}`);
        } else {
          assert.equal(answer.status, 400, `${where}: the pattern refuses ${JSON.stringify(value)}`);
          assert.deepEqual(
            answer.body.errors?.map((e) => e.field),
            ["clock"],
            where,
          );
        }
      }
    }
  });

  it("a PUT body with a clock and nothing to set: the document's anyOf refuses it, and so does the route (400)", async () => {
    const puts = [
      {
        body: "PutProjectRequest",
        route: "/v1/projects/only-a-clock",
        fields: ["name", "platforms", "last_activity", "statistics", "memory_summary", "target_role"],
      },
      { body: "PutSessionRequest", route: "/v1/sessions/only-a-clock", fields: ["platform", "active_project", "context", "expires_at"] },
    ];
    for (const put of puts) {
      const schema = document.components.schemas[put.body] as Schema & { anyOf?: { required: string[] }[] };
      assert.deepEqual(
        schema.anyOf,
        put.fields.map((field) => ({ required: [field] })),
        put.body,
      );
      const answer = await call<Problem>(coach, "PUT", put.route, key, { clock: clockAt(Date.now(), "vscode") });
      assert.equal(answer.status, 400, put.route);
      assert.match(answer.body.errors![0]!.rule, /^must set at least one of/);
    }
  });
});
