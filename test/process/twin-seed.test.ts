import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SAMPLE_TWIN_PATH } from "../../mcp-server/src/twin/twin-source.js";

const ROOT = path.join(__dirname, "../..");

/** A process that seeds the twin file as a server does on its first call, once `go` exists, and prints the story count it parsed. */
function seeder(file: string, go: string): Promise<string> {
  const script = `
    const { existsSync } = require("node:fs");
    const { TwinSource } = require("./mcp-server/src/twin/twin-source.ts");
    while (!existsSync(${JSON.stringify(go)})) {}
    try { console.log(String(new TwinSource(${JSON.stringify(file)}, true).load().stories.length)); }
    catch (error) { console.log("failed: " + error.message); }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("exit", () => resolve(out.trim()));
  });
}

describe("seeding the sample twin", function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "coach-seed-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("servers seeding one new twin file at the same moment each read it whole", async () => {
    for (let round = 0; round < 4; round++) {
      const file = path.join(dir, `round-${round}`, "twin.md");
      const go = path.join(dir, `go-${round}`);
      const seeders = Array.from({ length: 6 }, () => seeder(file, go));
      // Time for every process to start and wait at the line.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      writeFileSync(go, "");
      const counts = await Promise.all(seeders);
      assert.ok(
        counts.every((c) => /^\d+$/.test(c) && Number(c) > 0),
        `round ${round}: ${counts.join(" | ")}`,
      );
      assert.equal(readFileSync(file, "utf8"), readFileSync(SAMPLE_TWIN_PATH, "utf8"));
      assert.deepEqual(readdirSync(path.dirname(file)), ["twin.md"], "no draft left beside it");
    }
  });
});
