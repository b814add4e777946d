import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { OutboxFile } from "../../extension/src/cloud/outbox-file.js";

const WRITER = path.join(__dirname, "fixtures/outbox-writer.ts");

/** Runs the writer until it has acknowledged `atLeast` changes, then SIGKILLs it; returns the last acknowledged count. */
function killMidStream(file: string, atLeast: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", WRITER, file], { stdio: ["ignore", "pipe", "inherit"] });
    let acknowledged = 0;
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) acknowledged = Number(line);
      if (acknowledged >= atLeast && child.exitCode === null) child.kill("SIGKILL");
    });
    child.once("error", reject);
    child.once("exit", (_code, signal) =>
      signal === "SIGKILL" ? resolve(acknowledged) : reject(new Error(`the writer exited by itself (${signal ?? _code})`)),
    );
  });
}

describe("The extension's outbox under SIGKILL", function () {
  this.timeout(120_000);

  it("keeps every change it acknowledged, and the file always reads back whole", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "coach-outbox-kill-")), "outbox.json");
    for (const atLeast of [5, 40, 120]) {
      const acknowledged = await killMidStream(file, atLeast);
      const state = new OutboxFile(file).load();
      const ids = new Set(state.deliveries.map((d) => d.id));
      for (let n = 1; n <= acknowledged; n++) assert.ok(ids.has(`session-${n}`), `session-${n} was acknowledged before the kill and is still queued`);
    }
  });
});
