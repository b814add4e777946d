import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { SERVER_BUNDLE, spawnCoach } from "../support/spawned-coach.js";

const run = promisify(execFile);

describe("the built server over stdio", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-stdio-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("runs from dist alone (no node_modules beside it), seeds the sample twin and answers tools", async () => {
    const alone = path.join(dir, "bundle");
    mkdirSync(alone);
    for (const file of ["mcp-server.js", "node-sqlite3-wasm.wasm", "sample-twin.md"])
      copyFileSync(path.join(path.dirname(SERVER_BUNDLE), file), path.join(alone, file));
    const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(alone, "mcp-server.js"), "--data-dir", path.join(dir, "data")],
      cwd: alone,
      stderr: "pipe",
    });
    const logs: string[] = [];
    transport.stderr?.on("data", (c: Buffer) => logs.push(c.toString()));
    const client = new Client({ name: "t", version: "1" });
    await client.connect(transport);
    try {
      assert.equal(client.getServerVersion()?.name, "digital-twin-interview-coach");
      const { tools } = await client.listTools();
      assert.ok(tools.length >= 14);
      const recorded = await client.callTool({
        name: "record_performance",
        arguments: { accuracy: 0.8, storyCoverage: 0.6, satisfaction: 4, responseTime: 75, category: "conflict" },
      });
      assert.notEqual(recorded.isError, true, JSON.stringify(recorded.content));
      const profile = await client.callTool({ name: "get_profile", arguments: {} });
      assert.match(String((profile.structuredContent as { twinFile: string }).twinFile), /data[\\/]twin\.md$/);
    } finally {
      await client.close();
    }
    const lines = logs.join("").trim().split("\n");
    assert.ok(lines.length > 0);
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `stderr line is not JSON: ${line}`);
    assert.ok(lines.some((l) => JSON.parse(l).msg === "ready"));
  });

  it("a line that is not JSON-RPC is logged on stderr and the server keeps answering", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn(process.execPath, [SERVER_BUNDLE, "--data-dir", path.join(dir, "data")], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    try {
      child.stdin.write("garbage not json\n");
      child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" })}\n`);
      for (let waited = 0; !stdout.includes('"id":1') && waited < 10_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(JSON.parse(stdout.trim()), { jsonrpc: "2.0", id: 1, result: {} }, "only the ping's answer is on stdout");
      const warned = stderr
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { level: string; msg: string; error?: string })
        .find((line) => line.msg === "could not read a message from the client");
      assert.equal(warned?.level, "warn");
      assert.ok(warned?.error, "the warning says what was wrong with the line");
    } finally {
      child.kill();
    }
  });

  it("--help, --version and a bad flag", async () => {
    const help = await run(process.execPath, [SERVER_BUNDLE, "--help"]);
    assert.match(help.stdout, /--data-dir DIR[\s\S]*--twin FILE/);
    const version = await run(process.execPath, [SERVER_BUNDLE, "--version"]);
    assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
    await assert.rejects(
      run(process.execPath, [SERVER_BUNDLE, "--nope"]),
      (error: { code: number; stderr: string }) => error.code === 2 && /nope/.test(error.stderr),
    );
  });

  it("--twin with a missing file is a clear tool error", async () => {
    const coach = await spawnCoach(path.join(dir, "data"), ["--twin", path.join(dir, "missing.md")]);
    try {
      const result = await coach.call("get_profile");
      assert.equal(result.isError, true);
      assert.match(JSON.stringify(result.content), /missing\.md does not exist/);
    } finally {
      await coach.close();
    }
  });

  it("the MCP Inspector CLI (a client we did not write) lists and calls tools", async function () {
    this.timeout(60_000);
    const inspector = path.join(__dirname, "../../node_modules/@modelcontextprotocol/inspector/cli/build/cli.js");
    const base = [inspector, "--cli", process.execPath, SERVER_BUNDLE, "--data-dir", path.join(dir, "data")];
    const listed = await run(process.execPath, [...base, "--method", "tools/list"], { maxBuffer: 10_000_000 });
    const names = (JSON.parse(listed.stdout) as { tools: { name: string }[] }).tools.map((t) => t.name);
    assert.ok(names.includes("run_ab_test") && names.includes("get_next_milestones"));
    const called = await run(
      process.execPath,
      [
        ...base,
        "--method",
        "tools/call",
        "--tool-name",
        "evaluate_response",
        "--tool-arg",
        "question=Tell me about a failure",
        "--tool-arg",
        "response=I would probably apologise.",
      ],
      { maxBuffer: 10_000_000 },
    );
    const result = JSON.parse(called.stdout) as { isError?: boolean; structuredContent: { overall: number; hypotheticalPhrases: string[] } };
    assert.notEqual(result.isError, true);
    assert.ok(result.structuredContent.overall < 40);
    assert.deepEqual(result.structuredContent.hypotheticalPhrases, ["I would"]);
    const bad = await run(process.execPath, [...base, "--method", "tools/call", "--tool-name", "get_analytics_report", "--tool-arg", "period=hourly"], {
      maxBuffer: 10_000_000,
    });
    const error = JSON.parse(bad.stdout) as { isError: boolean; content: { text: string }[] };
    assert.equal(error.isError, true);
    assert.match(error.content[0]!.text, /period/);
  });
});
