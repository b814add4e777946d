// Prints the benchmark figures; nothing here passes or fails on time.
import { existsSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { activation } from "./activation.js";
import { authCheck } from "./auth-check.js";
import { analyticsAtScale } from "./analytics.js";
import { coldStart } from "./cold-start.js";
import { idleSockets } from "./http-idle-sockets.js";
import { addHttpBundle } from "./http-support.js";
import { syncDelivery } from "./http-sync.js";
import { httpThroughput } from "./http-throughput.js";
import { vsixSize, webviewSizes } from "./sizes.js";
import { OUR_SERVER, snapshotBuild } from "./support.js";
import { calibration } from "./calibration.js";
import { jobFitSpeed } from "./job-fit.js";
import { strategyRegret } from "./strategy-regret.js";
import { toolLatency } from "./tool-latency.js";

async function main(): Promise<void> {
  if (!existsSync(OUR_SERVER)) throw new Error("dist/mcp-server.js is missing: run npm run build");
  // Taken first, while dist/ is surely the production build `npm run bench` just made; every bench uses the copy.
  const build = snapshotBuild();
  const server = path.join(build, "dist/mcp-server.js");
  try {
    addHttpBundle(build);
    // Other work on the machine moves every timing here: the load average says how busy it was.
    const load = os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(", ");
    console.log(`Node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} CPUs, load average ${load}\n`);
    const benches = [
      () => toolLatency(server),
      () => coldStart(server),
      () => analyticsAtScale(server),
      async () => strategyRegret(),
      () => jobFitSpeed(server),
      async () => calibration(),
      () => activation(build),
      async () => vsixSize(build),
      async () => webviewSizes(build),
      () => httpThroughput(server),
      () => authCheck(),
      () => syncDelivery(server),
      () => idleSockets(server),
    ];
    for (const bench of benches) {
      console.log((await bench()).join("\n"));
      console.log("");
    }
  } finally {
    rmSync(build, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
