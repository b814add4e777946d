import { readFileSync } from "node:fs";
import path from "node:path";
import { analyzeJobFit } from "../mcp-server/src/domain/job-fit/index.js";
import { QUESTION_BANK } from "../mcp-server/src/domain/questions/index.js";
import { parseTwin } from "../mcp-server/src/twin/parse.js";
import { JOB_DESCRIPTIONS } from "../test/fixtures/job-descriptions.js";
import { ms, summary } from "./support.js";

/** A long posting made of the test postings one after another (repeated as needed), cut at about `words` words. */
function longPosting(words: number): string {
  const all = JOB_DESCRIPTIONS.map((j) => j.description).join("\n\n").split("\n");
  const lines: string[] = [];
  let count = 0;
  for (let i = 0; count < words; i++) {
    const line = all[i % all.length]!;
    lines.push(line);
    count += line.split(/\s+/).filter(Boolean).length;
  }
  return lines.join("\n");
}

/** analyze_job_fit's domain function on a 1,500-word posting against the sample twin. */
export function jobFitSpeed(n = 300): string[] {
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
  const s = summary(samples);
  return [
    `analyze_job_fit on a ${words}-word posting (${requirements} requirements), in process`,
    `  p50 ${ms(s.p50)}   p95 ${ms(s.p95)}   (n=${s.n})   target < 50 ms`,
  ];
}
