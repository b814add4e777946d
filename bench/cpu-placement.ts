import { execFileSync } from "node:child_process";
import os from "node:os";

/** Which CPUs the HTTP benches' servers and load generator run on, as taskset lists them. */
export interface Placement {
  servers: string;
  load: string;
}

/**
 * Servers on the first CPU, the load generator on the others, when taskset is there and the machine
 * has two CPUs or more. Left to the scheduler, a server lands on whichever CPU is free when it
 * starts; on a VM whose virtual CPUs differ in speed (1.8× on the one these figures were first
 * taken on), a read measured on one CPU and hello on the other compared the CPUs, not the code.
 */
export const placement: Placement | null = (() => {
  const cpus = os.availableParallelism();
  if (process.platform !== "linux" || cpus < 2) return null;
  try {
    execFileSync("taskset", ["-c", "0", "true"], { stdio: "ignore" });
  } catch {
    return null;
  }
  return { servers: "0", load: cpus === 2 ? "1" : `1-${cpus - 1}` };
})();

/** The command line that runs `command args` on these CPUs, or as it is without a placement. */
export function onCpus(cpus: string | undefined, command: string, args: readonly string[]): [string, string[]] {
  return cpus === undefined ? [command, [...args]] : ["taskset", ["-c", cpus, command, ...args]];
}

/** How the figures were taken, for the bench's heading; autocannon runs inside the bench's own process, wherever it is. */
export function placementNote(generator: "wrk" | "autocannon"): string {
  if (!placement) return "servers and load generator where the scheduler puts them (no taskset, or one CPU)";
  return `servers on CPU ${placement.servers}, ${generator === "wrk" ? `wrk on CPU ${placement.load}` : "autocannon unpinned"} (taskset)`;
}
