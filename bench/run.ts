// Prints the benchmark figures; nothing here passes or fails on time.
import { existsSync } from "node:fs";
import { analyticsAtScale } from "./analytics.js";
import { coldStart } from "./cold-start.js";
import { OUR_SERVER } from "./support.js";
import { toolLatency } from "./tool-latency.js";

async function main(): Promise<void> {
  if (!existsSync(OUR_SERVER)) throw new Error("dist/mcp-server.js is missing: run npm run build");
  console.log(`Node ${process.version}, ${process.platform}/${process.arch}\n`);
  for (const bench of [toolLatency, coldStart, analyticsAtScale]) {
    console.log((await bench()).join("\n"));
    console.log("");
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
