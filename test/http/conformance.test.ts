// The official MCP conformance suite's server scenarios against the --http server's /mcp.
//
// The suite's server mode connects with no credential and has no option for one (nor does it run
// an OAuth flow: its OAuth scenarios test clients), while /mcp needs `Authorization: Bearer`. So
// the suite talks to a loopback proxy that adds an API key to every request and changes nothing
// else, the Host header included, so the DNS-rebinding scenario still reaches the server's check.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startBearerProxy, type BearerProxy } from "../support/bearer-proxy.js";
import { conformanceSuite, newerNode, runServerScenario, serverScenarios, type ConformanceCheck, type ConformanceSuite } from "../support/conformance-suite.js";
import { connectMcp, createKey, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { NODE_PACKAGE } from "../support/npm-cache.js";

/**
 * Scenarios that hold any MCP server to the protocol: each must pass. Together they make about 30
 * requests, within the key's default 120 a minute; the suite's whole list would trip that limit.
 */
const APPLICABLE = ["server-initialize", "ping", "tools-list", "resources-list", "prompts-list", "dns-rebinding-protection"];

const fixture = (kind: string, name: string) => `calls the suite's own fixture ${kind} ${name}, which only its reference test server has`;
const STATELESS = "/mcp is stateless (no session id, no GET stream)";

/** Scenarios written for the suite's reference test server, or for what a stateless server does not offer. */
const NOT_APPLICABLE: Record<string, string> = {
  "logging-set-level": `needs the logging capability, which ${STATELESS} does not declare: a server made for one request has no connection to send log messages on later (stdio declares it); without it logging/setLevel is -32601, as the spec asks`,
  "completion-complete": `${fixture("prompt", "test_prompt_with_arguments")}; completing an argument of a prompt the server lacks is -32602`,
  "tools-call-simple-text": `${fixture("tool", "test_simple_text")} (it passes against any server: the SDK answers an unknown tool with an isError text result, which is all it checks)`,
  "tools-call-image": fixture("tool", "test_image_content"),
  "tools-call-audio": fixture("tool", "test_audio_content"),
  "tools-call-embedded-resource": fixture("tool", "test_embedded_resource"),
  "tools-call-mixed-content": fixture("tool", "test_multiple_content_types"),
  "tools-call-with-logging": fixture("tool", "test_tool_with_logging"),
  "tools-call-error": `${fixture("tool", "test_error_handling")} (it passes against any server, as tools-call-simple-text does)`,
  "tools-call-with-progress": fixture("tool", "test_tool_with_progress"),
  "tools-call-sampling": fixture("tool", "test_sampling"),
  "tools-call-elicitation": fixture("tool", "test_elicitation"),
  "json-schema-2020-12": fixture("tool", "json_schema_2020_12_tool"),
  "elicitation-sep1034-defaults": fixture("tool", "test_elicitation_sep1034_defaults"),
  "elicitation-sep1330-enums": fixture("tool", "test_elicitation_sep1330_enums"),
  "server-sse-polling": `${fixture("tool", "test_reconnection")}, and resumes a session's stream; ${STATELESS}`,
  "server-sse-multiple-streams": `opens streams inside a session; ${STATELESS}, so it stops after initialize with a warning and tests nothing`,
  "resources-read-text": fixture("resource", "test://static-text"),
  "resources-read-binary": fixture("resource", "test://static-binary"),
  "resources-templates-read": fixture("resource template", "test://template/{id}/data"),
  "resources-subscribe": `${fixture("resource", "test://watched-resource")}, and needs resources.subscribe, which ${STATELESS} does not declare (stdio does)`,
  "resources-unsubscribe": `${fixture("resource", "test://watched-resource")}, and needs resources.subscribe, which ${STATELESS} does not declare (stdio does)`,
  "prompts-get-simple": fixture("prompt", "test_simple_prompt"),
  "prompts-get-with-args": fixture("prompt", "test_prompt_with_arguments"),
  "prompts-get-embedded-resource": fixture("prompt", "test_prompt_with_embedded_resource"),
  "prompts-get-with-image": fixture("prompt", "test_prompt_with_image"),
};

const describeCheck = (check: ConformanceCheck) => `${check.name} (${check.id}): ${check.errorMessage ?? check.description}`;

describe("the MCP conformance suite against --http", function () {
  // Cold: Node 24 and the suite from the npm registry (about 20 s); warm: 1 to 3 s a scenario.
  this.timeout(120_000);
  let dir: string;
  let key: string;
  let coach: HttpCoach | undefined;
  let proxy: BearerProxy | undefined;
  let suite: ConformanceSuite;

  before(async function () {
    let node: string;
    try {
      node = await newerNode();
    } catch (error) {
      console.log(`      Skipping the MCP conformance suite: it needs Node 22 or later and ${NODE_PACKAGE} could not be had from the npm registry:`);
      const reason = (error instanceof Error ? error.message : String(error)).split("\n").slice(0, 6);
      for (const line of reason) console.log(`      ${line}`);
      this.skip();
    }
    suite = await conformanceSuite(node);
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-conformance-"));
    key = await createKey(dir, "conformance", ["memory:access"]);
    coach = await startHttpCoach({ dataDir: dir });
    proxy = await startBearerProxy(coach.url, key);
  });
  after(async () => {
    await proxy?.close();
    await coach?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("every server scenario of the suite is either run here or named not applicable, with the reason", async () => {
    const known = await serverScenarios(suite);
    assert.ok(known.length > 0, "the suite lists its server scenarios");
    const unclassified = known.filter((name) => !APPLICABLE.includes(name) && !(name in NOT_APPLICABLE));
    assert.deepEqual(unclassified, [], `conformance ${suite.version} has scenarios this test does not classify`);
    const gone = [...APPLICABLE, ...Object.keys(NOT_APPLICABLE)].filter((name) => !known.includes(name));
    assert.deepEqual(gone, [], `conformance ${suite.version} no longer has these scenarios`);
  });

  it("/mcp still declares neither logging nor resource subscriptions, which keeps those scenarios not applicable", async () => {
    const remote = await connectMcp(coach!, key);
    try {
      const capabilities = remote.client.getServerCapabilities();
      assert.equal(capabilities?.logging, undefined, "logging-set-level now applies: move it to APPLICABLE");
      assert.ok(!capabilities?.resources?.subscribe, "resources-subscribe and resources-unsubscribe may now apply");
    } finally {
      await remote.close();
    }
  });

  for (const scenario of APPLICABLE) {
    it(`passes ${scenario}`, async () => {
      const run = await runServerScenario(suite, `${proxy!.url}/mcp`, scenario);
      const failed = run.checks.filter((check) => check.status === "FAILURE").map((check) => `${describeCheck(check)} ${JSON.stringify(check.details ?? {})}`);
      assert.deepEqual(failed, [], `conformance ${suite.version} ${scenario} failed:\n${run.output}`);
      assert.ok(
        run.checks.some((check) => check.status === "SUCCESS"),
        `${scenario} reported no passing check, only: ${run.checks.map((c) => `${c.status} ${c.name}`).join(", ")}`,
      );
      assert.equal(run.code, 0, run.output);
      for (const warning of run.checks.filter((check) => check.status === "WARNING")) console.log(`      warning: ${describeCheck(warning)}`);
    });
  }
});
