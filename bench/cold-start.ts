import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { connect, ms, OUR_SERVER, REFERENCE_SERVER, summary } from "./support.js";

async function timeToToolsList(args: string[]): Promise<number> {
  const started = performance.now();
  const client = await connect(args);
  await client.listTools();
  const elapsed = performance.now() - started;
  await client.close();
  return elapsed;
}

/** Spawn to first tools/list reply, beside a bare `node -e 0` and the reference server. */
export async function coldStart(runs = 15): Promise<string[]> {
  const bare: number[] = [];
  const ours: number[] = [];
  const reference: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    spawnSync(process.execPath, ["-e", "0"]);
    bare.push(performance.now() - started);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-cold-"));
    ours.push(await timeToToolsList([OUR_SERVER, "--data-dir", dataDir, "--log-level", "warn"]));
    rmSync(dataDir, { recursive: true, force: true });
    reference.push(await timeToToolsList([REFERENCE_SERVER, "stdio"]));
  }
  const b = summary(bare).p50;
  const o = summary(ours).p50;
  const r = summary(reference).p50;
  return [
    `Cold start to the first tools/list reply (median of ${runs})`,
    `  node -e 0                          ${ms(b).padStart(10)}`,
    `  reference server-everything        ${ms(r).padStart(10)}   ${(r / b).toFixed(2)}× bare node`,
    `  digital-twin-interview-coach       ${ms(o).padStart(10)}   ${(o / b).toFixed(2)}× bare node   (target ≤ 2×)`,
  ];
}
