import * as esbuild from "esbuild";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { ms, OUR_SERVER, REFERENCE_SERVER, summary } from "./support.js";

/**
 * Spawn to the first tools/list reply, speaking raw JSON-RPC lines so the figure holds the
 * server's start-up and handshake only (an SDK client would add its own schema compilation).
 */
function timeToToolsList(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "ignore"] });
    const send = (message: object) => child.stdin.write(`${JSON.stringify(message)}\n`);
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const message = JSON.parse(line) as { id?: number; error?: unknown };
      if (message.error) reject(new Error(JSON.stringify(message.error)));
      if (message.id === 1) {
        send({ jsonrpc: "2.0", method: "notifications/initialized" });
        send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
      } else if (message.id === 2) {
        const elapsed = performance.now() - started;
        child.kill();
        resolve(elapsed);
      }
    });
    child.on("error", reject);
    // A server that dies before replying would otherwise leave this promise, and the bench, hanging.
    child.on("exit", (code, signal) => reject(new Error(`${args.join(" ")} exited with ${code ?? signal} before its tools/list reply`)));
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "coach-bench", version: "1" } },
    });
  });
}

/** The minimal SDK server bundled the way ours is, minified, into a temporary folder. */
async function bundleMinimalServer(dir: string): Promise<string> {
  const outfile = path.join(dir, "minimal-server.js");
  await esbuild.build({
    entryPoints: [path.join(__dirname, "fixtures/minimal-server.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    minify: true,
    outfile,
    logLevel: "error",
  });
  return outfile;
}

/** Spawn to first tools/list reply, beside a bare `node -e 0`, the SDK's own floor and the reference server. */
export async function coldStart(server = OUR_SERVER, runs = 15): Promise<string[]> {
  const bare: number[] = [];
  const ours: number[] = [];
  const reference: number[] = [];
  const floor: number[] = [];
  const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-bench-minimal-"));
  const minimal = await bundleMinimalServer(scratch);
  for (let i = 0; i < runs; i++) {
    floor.push(await timeToToolsList([minimal]));
    const started = performance.now();
    spawnSync(process.execPath, ["-e", "0"]);
    bare.push(performance.now() - started);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-cold-"));
    ours.push(await timeToToolsList([server, "--data-dir", dataDir, "--log-level", "warn"]));
    rmSync(dataDir, { recursive: true, force: true });
    reference.push(await timeToToolsList([REFERENCE_SERVER, "stdio"]));
  }
  rmSync(scratch, { recursive: true, force: true });
  const b = summary(bare).p50;
  const f = summary(floor).p50;
  const o = summary(ours).p50;
  const r = summary(reference).p50;
  return [
    `Cold start to the first tools/list reply (median of ${runs}, raw JSON-RPC over stdio)`,
    `  node -e 0                          ${ms(b).padStart(10)}`,
    `  minimal SDK server (one tool)      ${ms(f).padStart(10)}   ${(f / b).toFixed(2)}× bare node   (the SDK's own floor)`,
    `  reference server-everything        ${ms(r).padStart(10)}   ${(r / b).toFixed(2)}× bare node`,
    `  digital-twin-interview-coach       ${ms(o).padStart(10)}   ${(o / b).toFixed(2)}× bare node   (target ≤ 2×)`,
  ];
}
