import assert from "node:assert/strict";
import type { z } from "zod";
import { canonicalJson } from "../../mcp-server/src/awareness/canonical-json.js";
import { changeFor, projectRegisters, sessionRegisters } from "../../mcp-server/src/awareness/entities.js";
import { requestFingerprint } from "../../mcp-server/src/awareness/fingerprint.js";
import { encodeClock } from "../../mcp-server/src/contracts/hlc.js";
import { applyPatch, EMPTY_STATE } from "../../mcp-server/src/awareness/lww.js";
import { queryReader } from "../../mcp-server/src/http/openapi/index.js";
import {
  changeSchema,
  changesQuery,
  idempotencyKeySchema,
  projectListQuery,
  projectPutInput,
  sessionPutInput,
  type ProjectPut,
} from "../../mcp-server/src/contracts/awareness.js";

const T = Date.parse("2026-06-15T12:00:00Z");
const clock = encodeClock({ ms: T, counter: 0, node: "vscode" });

/** The first issue of a failed parse as "field: rule". */
function firstIssue(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  assert.equal(result.success, false, `expected ${JSON.stringify(value)} to be rejected`);
  const issue = result.error!.issues[0]!;
  return `${issue.path.join(".") || "(body)"}: ${issue.message}`;
}

const fullProject: ProjectPut = {
  name: "Acme — senior engineer",
  platforms: ["vscode", "claude"],
  last_activity: "2026-06-15T11:30:00+02:00",
  statistics: { attempts: 12, accuracy: 0.74, streak_days: 3, trials: 5 },
  memory_summary: { strengths: ["ownership"], gaps: ["conflict stories"], notes: "Practise the Q3 outage story." },
  clock,
};

describe("awareness contracts", () => {
  it("accept a full project PUT and a partial one", () => {
    assert.deepEqual(projectPutInput.parse(fullProject), fullProject);
    assert.deepEqual(projectPutInput.parse({ statistics: { attempts: 0, accuracy: null, streak_days: 0 } }), {
      statistics: { attempts: 0, accuracy: null, streak_days: 0 },
    });
  });

  it("reject a bad project PUT naming the field and the rule", () => {
    assert.equal(firstIssue(projectPutInput, {}), "(body): must set at least one of: name, platforms, last_activity, statistics, memory_summary, target_role");
    assert.equal(
      firstIssue(projectPutInput, { clock }),
      "(body): must set at least one of: name, platforms, last_activity, statistics, memory_summary, target_role",
    );
    assert.match(firstIssue(projectPutInput, { name: "x", owner: "eve" }), /owner/);
    assert.equal(firstIssue(projectPutInput, { name: "   " }), "name: must not be empty (the project's name)");
    assert.equal(firstIssue(projectPutInput, { platforms: ["vscode", "vscode"] }), "platforms: must list each platform at most once");
    assert.equal(firstIssue(projectPutInput, { platforms: ["emacs"] }), "platforms.0: must be one of: vscode, claude, chatgpt, copilot, other");
    assert.equal(firstIssue(projectPutInput, { statistics: { attempts: 1, accuracy: 1.5, streak_days: 0 } }), "statistics.accuracy: must be from 0 to 1");
    assert.match(firstIssue(projectPutInput, { statistics: { attempts: 1, accuracy: 1, streak_days: 0, mood: 3 } }), /mood/);
    assert.equal(firstIssue(projectPutInput, { last_activity: "last Tuesday" }), "last_activity: must be an ISO-8601 date and time, e.g. 2026-05-01T09:30:00Z");
    assert.equal(
      firstIssue(projectPutInput, { memory_summary: { strengths: Array(21).fill("x"), gaps: [] } }),
      "memory_summary.strengths: must list at most 20 strengths",
    );
    assert.match(firstIssue(projectPutInput, { name: "x", clock: "now" }), /^clock: must be a clock: 15-digit milliseconds/);
    const target = { role: "Staff Platform Engineer", company: "Harborline", fit: 72, focus: ["mentoring"], gaps: ["Terraform"] };
    assert.equal(firstIssue(projectPutInput, { target_role: { ...target, fit: 101 } }), "target_role.fit: must be from 0 to 100 (fit)");
    assert.equal(firstIssue(projectPutInput, { target_role: { ...target, role: " " } }), "target_role.role: must not be empty (the target role)");
    assert.match(firstIssue(projectPutInput, { target_role: { ...target, salary: 1 } }), /salary/);
  });

  it("carry the target role, and null clears it", () => {
    const target = {
      role: "Staff Platform Engineer",
      company: null,
      fit: null,
      focus: ["mentoring", "system-design"],
      gaps: ["Terraform: not in your skills or stories"],
    };
    assert.deepEqual(projectPutInput.parse({ target_role: target }), { target_role: target });
    assert.deepEqual(projectRegisters(projectPutInput.parse({ target_role: target })), { target_role: target });
    assert.deepEqual(projectRegisters(projectPutInput.parse({ target_role: null })), { target_role: null });
  });

  it("bound a session's context in size and depth", () => {
    assert.deepEqual(sessionPutInput.parse({ active_project: null, context: { a: [1, { b: "c" }] } }), {
      active_project: null,
      context: { a: [1, { b: "c" }] },
    });
    assert.equal(firstIssue(sessionPutInput, { context: { big: "x".repeat(16_400) } }), "context: must be at most 16384 characters as JSON (context)");
    let deep: unknown = 1;
    for (let i = 0; i < 9; i++) deep = { d: deep };
    assert.equal(firstIssue(sessionPutInput, { context: deep }), "context: must nest at most 8 levels deep (context)");
    assert.equal(firstIssue(sessionPutInput, { context: ["not", "an", "object"] }), "context: must be a JSON object (context)");
    assert.equal(
      firstIssue(sessionPutInput, { active_project: "has space" }),
      "active_project: must be 1–128 letters, digits, '_', '.', ':' or '-' (the active project's id)",
    );
  });

  it("parse list queries from query strings and keys from headers", () => {
    const readProjects = queryReader(projectListQuery);
    assert.deepEqual(readProjects({ platform: "claude", limit: "20" }), { platform: "claude", limit: 20 });
    assert.equal(firstIssue(projectListQuery, { limit: 5000 }), "limit: must be at most 1000 (limit)");
    assert.equal(firstIssue(projectListQuery, { limit: "0x10" }), "limit: must be a whole number from 1 to 1000 (limit)");
    assert.equal(
      firstIssue(projectPutInput, { last_activity: "9999-12-31T23:59:59-14:00" }),
      "last_activity: must fall in the years 0001 to 9998",
      "a time whose UTC year would need five digits",
    );
    assert.deepEqual(changesQuery.parse({ since: clock }), { since: clock });
    assert.equal(idempotencyKeySchema.parse("9b2f-4c1e"), "9b2f-4c1e");
    assert.equal(firstIssue(idempotencyKeySchema, "has space"), "(body): must be 1–255 visible ASCII characters (the idempotency key)");
  });

  it("views built from stored writes follow the output schemas", () => {
    const project = applyPatch(EMPTY_STATE, projectRegisters(projectPutInput.parse(fullProject)), clock).state;
    const change = changeFor("project", "ada", "acme", clock, project, 3_600_000, T);
    assert.deepEqual(changeSchema.parse(change), change);
    assert.ok(!change.deleted && change.entity === "project");
    assert.equal(change.state.last_activity, "2026-06-15T09:30:00.000Z", "timestamps come back in UTC");
    assert.deepEqual(change.state.platforms, ["claude", "vscode"], "platforms are a set, in one order");
    const session = applyPatch(EMPTY_STATE, sessionRegisters({ platform: "chatgpt", context: { q: 1 } }), clock).state;
    const sessionChange = changeFor("session", "ada", "s1", clock, session, 3_600_000, T);
    assert.deepEqual(changeSchema.parse(sessionChange), sessionChange);
    assert.deepEqual(changeFor("session", "ada", "s1", clock, session, 3_600_000, T + 3_600_000), { entity: "session", id: "s1", clock, deleted: true });
  });

  it("canonical JSON has one spelling per value, in ASCII", () => {
    assert.equal(canonicalJson({ b: 1, a: [true, null, { d: "é", c: "x" }] }), '{"a":[true,null,{"c":"x","d":"\\u00e9"}],"b":1}');
    assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
    assert.deepEqual(JSON.parse(canonicalJson({ s: "日本 🎯" })), { s: "日本 🎯" });
  });

  it("request fingerprints ignore key order and tell method, path and body apart", () => {
    const base = { method: "PUT", path: "/v1/projects/acme", body: { name: "Acme", platforms: ["vscode"] } };
    const fp = requestFingerprint(base);
    assert.match(fp, /^[0-9a-f]{64}$/);
    assert.equal(requestFingerprint({ ...base, method: "put", body: { platforms: ["vscode"], name: "Acme" } }), fp);
    assert.notEqual(requestFingerprint({ ...base, method: "DELETE" }), fp);
    assert.notEqual(requestFingerprint({ ...base, path: "/v1/projects/other" }), fp);
    assert.notEqual(requestFingerprint({ ...base, body: { name: "Acme" } }), fp);
  });
});
