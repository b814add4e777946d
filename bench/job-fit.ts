import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyzeJobFit } from "../mcp-server/src/domain/job-fit/index.js";
import { QUESTION_BANK } from "../mcp-server/src/domain/questions/index.js";
import { parseTwin } from "../mcp-server/src/twin/parse.js";
import { FULL_LENGTH_POSTINGS } from "../test/fixtures/job-postings/index.js";
import { connect, ms, OUR_SERVER, row, summary, timeCalls } from "./support.js";

/** A long posting made of the full-length test postings one after another (repeated as needed), cut at about `words` words. */
function longPosting(words: number): string {
  const all = FULL_LENGTH_POSTINGS.map((j) => j.description)
    .join("\n\n")
    .split("\n");
  const lines: string[] = [];
  let count = 0;
  for (let i = 0; count < words; i++) {
    const line = all[i % all.length]!;
    lines.push(line);
    count += line.split(/\s+/).filter(Boolean).length;
  }
  return lines.join("\n");
}

/** analyze_job_fit on a 1,500-word posting against the sample twin: the domain function in process, then the tool over stdio. */
export async function jobFitSpeed(server = OUR_SERVER, n = 300): Promise<string[]> {
  const twin = parseTwin(readFileSync(path.join(__dirname, "../mcp-server/src/twin/sample-twin.md"), "utf8"));
  const posting = longPosting(1_500);
  const words = posting.split(/\s+/).filter(Boolean).length;
  for (let i = 0; i < 20; i++) analyzeJobFit({ jobDescription: posting }, twin, QUESTION_BANK);
  const samples: number[] = [];
  let requirements = 0;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    requirements = analyzeJobFit({ jobDescription: posting }, twin, QUESTION_BANK).requirements.length;
    samples.push(performance.now() - started);
  }
  const inProcess = summary(samples);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-job-fit-"));
  const client = await connect([server, "--data-dir", dataDir, "--log-level", "warn"]);
  try {
    const overStdio = summary(await timeCalls(client, "analyze_job_fit", { jobDescription: posting, role: "Senior Engineer" }, n));
    return [
      `analyze_job_fit on a ${words}-word posting (${requirements} requirements), sample twin`,
      `  domain function, in process      p50 ${ms(inProcess.p50).padStart(10)}   p95 ${ms(inProcess.p95).padStart(10)}   (n=${inProcess.n})`,
      row("the tool over stdio", overStdio),
      `  target: < 50 ms`,
    ];
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
