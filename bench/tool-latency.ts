import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { connect, OUR_SERVER, REFERENCE_SERVER, row, summary, timeCalls } from "./support.js";

const ANSWER =
  "In 2023 I led the migration of our payments queue from RabbitMQ to Kafka at Ledgerly. My goal was to remove the nightly backlog without downtime. " +
  "I mapped every consumer, wrote a dual-publish shim, and ran both paths for two weeks while I compared outputs. I then cut over one service a day. " +
  "As a result, peak lag fell from 40 minutes to under 5 seconds and we retired 12 RabbitMQ nodes.";

/** p50/p95 of tool calls over stdio, beside the reference server's echo driven by the same client in the same run. */
export async function toolLatency(server = OUR_SERVER, n = 400): Promise<string[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-latency-"));
  const ours = await connect([server, "--data-dir", dataDir, "--log-level", "warn"]);
  const reference = await connect([REFERENCE_SERVER, "stdio"]);
  try {
    const echo = summary(await timeCalls(reference, "echo", { message: "hello" }, n));
    const evaluate = summary(await timeCalls(ours, "evaluate_response", { question: "Tell me about a migration you led", response: ANSWER }, n));
    const ab = summary(
      await timeCalls(ours, "run_ab_test", { question: "Tell me about a time you disagreed with a product manager", controlVariantId: "concise", testVariantId: "star-focused" }, n),
    );
    return [
      "Tool calls over stdio (same client, same run)",
      row("reference server-everything echo", echo),
      row("evaluate_response", evaluate),
      row("run_ab_test (template, 1 write)", ab),
      `  targets: evaluate_response p95 ≤ 2 ms, run_ab_test p95 ≤ 5 ms`,
    ];
  } finally {
    await ours.close();
    await reference.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
