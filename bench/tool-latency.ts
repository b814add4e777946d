import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { connect, connectWithTimings, OUR_SERVER, REFERENCE_SERVER, row, summary, timeCalls } from "./support.js";

const ANSWER =
  "In 2023 I led the migration of our payments queue from RabbitMQ to Kafka at Ledgerly. My goal was to remove the nightly backlog without downtime. " +
  "I mapped every consumer, wrote a dual-publish shim, and ran both paths for two weeks while I compared outputs. I then cut over one service a day. " +
  "As a result, peak lag fell from 40 minutes to under 5 seconds and we retired 12 RabbitMQ nodes.";

const PAIRS = [
  ["concise", "star-focused"],
  ["star-focused", "detailed"],
  ["example-driven", "concise"],
  ["detailed", "example-driven"],
] as const;

/** Calls warmed up first, as in a server that has already answered a session's first calls. */
const WARMUP = 100;

/** p50/p95 of tool calls over stdio, beside the reference server's echo driven by the same client in the same run. */
export async function toolLatency(server = OUR_SERVER, n = 400): Promise<string[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-latency-"));
  const { client: ours, serverMs } = await connectWithTimings([server, "--data-dir", dataDir, "--log-level", "debug"]);
  const reference = await connect([REFERENCE_SERVER, "stdio"]);
  try {
    const { structuredContent } = await ours.callTool({ name: "list_questions", arguments: {} });
    const questions = (structuredContent as { questions: { id: string; text: string }[] }).questions;
    // Every call a different question or pair, as a person's trials are, so each one is a new trial and a durable write.
    const trial = (i: number) => {
      const question = questions[i % questions.length]!;
      const [controlVariantId, testVariantId] = PAIRS[Math.floor(i / questions.length) % PAIRS.length]!;
      return { questionId: question.id, question: question.text, controlVariantId, testVariantId };
    };
    const echo = summary(await timeCalls(reference, "echo", { message: "hello" }, n, WARMUP));
    const evaluate = summary(await timeCalls(ours, "evaluate_response", { question: "Tell me about a migration you led", response: ANSWER }, n, WARMUP));
    const ab = summary(await timeCalls(ours, "run_ab_test", trial, n, WARMUP));
    // The calls measured are the last n of each tool's log: the warm-up came first.
    const inside = (tool: string) => summary((serverMs.get(tool) ?? []).slice(-n));
    const exported = await ours.callTool({ name: "export_data", arguments: {} });
    const stored = (exported.structuredContent as { trials: unknown[] }).trials.length;
    return [
      `Tool calls over stdio (same client, same run, after ${WARMUP} warm-up calls each)`,
      row("reference server-everything echo", echo),
      row("evaluate_response", evaluate),
      row("  of which inside the server", inside("evaluate_response")),
      row("run_ab_test (template, 1 write)", ab),
      row("  of which inside the server", inside("run_ab_test")),
      `  run_ab_test: ${stored} trials stored for ${n + WARMUP} acknowledged calls, across ${questions.length} questions and ${PAIRS.length} strategy pairs`,
      `  targets: evaluate_response p95 ≤ 2 ms, run_ab_test p95 ≤ 5 ms`,
    ];
  } finally {
    await ours.close();
    await reference.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
