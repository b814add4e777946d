import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { SERVER_BUNDLE } from "../support/spawned-coach.js";
import { createKey, requireHttpBuild } from "../support/http-server.js";

/** V8 prints a line per allocation site it weighs at a GC, ending "=> tenure" when it will allocate that site's objects in old space. */
const TRACE = "--trace-pretenuring-statistics";
const WEIGHED = /pretenuring: AllocationSite/;
const TENURED = /pretenuring: AllocationSite.*=> tenure$/;

/** What a Node process wrote to stdout (where V8's traces go) with V8's pretenuring trace on. */
function traced(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [TRACE, SERVER_BUNDLE, ...args], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  );
}

/** `count` GETs over `connections` keep-alive sockets, each answered 200 in full. */
async function load(url: string, headers: Record<string, string>, count: number, connections: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  let next = 0;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(url, { agent, headers }, (res) => {
          res.resume();
          res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${res.statusCode}`))));
        })
        .on("error", reject);
    });
  const worker = async () => {
    while (next++ < count) await one();
  };
  await Promise.all(Array.from({ length: connections }, worker));
  agent.destroy();
}

describe("the HTTP server's garbage collection under load", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => requireHttpBuild());
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-gc-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("tenures no allocation site while serving reads, so requests are not promoted wholesale", async () => {
    const dataDir = path.join(dir, "data");
    const key = await createKey(dataDir, "u", ["memory:access"]);
    // The control: the trace is live on this Node, so its silence below is the flag's doing.
    const command = await traced(["keys", "list", "--data-dir", dataDir]);
    assert.match(command, WEIGHED, "V8 printed no pretenuring statistics for the keys command: the trace flag may have changed name");

    const child = spawn(process.execPath, [TRACE, SERVER_BUNDLE, "--http", "--port", "0", "--data-dir", dataDir, "--rate-limit", "1000000"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: string[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk.toString()));
    const exited = new Promise((resolve) => child.on("exit", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stderr }).on("line", (text) => {
          if (text.includes('"msg":"ready"')) resolve(String((JSON.parse(text) as { url: string }).url));
        });
        child.on("exit", (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
      });
      // Enough reads for many scavenges (each answer is a 23 KB question list); the rate limit is raised out of the way.
      await load(`${url}/api/v1/questions`, { authorization: `Bearer ${key}` }, 4000, 10);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }
    const tenured = stdout
      .join("")
      .split("\n")
      .filter((line) => TENURED.test(line));
    assert.deepEqual(tenured.slice(0, 5), [], `V8 tenured ${tenured.length} allocation sites in the serving process`);
  });
});
