import autocannon from "autocannon";
import { execFile, execFileSync } from "node:child_process";
import { onCpus, placement } from "./cpu-placement.js";

export interface Load {
  url: string;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
}

export interface LoadResult {
  rps: number;
  /** Latency percentiles in ms. */
  p50: number;
  p99: number;
  requests: number;
}

/**
 * wrk when it is installed: a C client spends a fraction of autocannon's CPU per response, so on a
 * 2-core machine a 23 KB answer measures the server, not the load generator parsing it.
 */
export const generator: "wrk" | "autocannon" = (() => {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return "wrk";
  } catch (error) {
    // wrk --version prints its usage and exits 1; only a missing binary means it is not there.
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? "autocannon" : "wrk";
  }
})();

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };

function percentileMs(output: string, percent: number): number {
  const match = new RegExp(`^\\s+${percent}%\\s+([\\d.]+)(us|ms|s)$`, "m").exec(output);
  if (!match) throw new Error(`wrk printed no ${percent}% latency:\n${output}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** wrk's summary as figures; anything but 2xx answers, socket errors or timeouts fail the run rather than flatter it. */
export function parseWrk(url: string, output: string): LoadResult {
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  if (non2xx) throw new Error(`${url}: ${non2xx[1]} non-2xx responses`);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  if (errors && errors.slice(1).some((count) => count !== "0")) throw new Error(`${url}: ${errors[0]}`);
  const rps = /^Requests\/sec:\s+([\d.]+)$/m.exec(output);
  const requests = /^\s+(\d+) requests in/m.exec(output);
  if (!rps || !requests) throw new Error(`${url}: wrk printed no totals:\n${output}`);
  return { rps: Number(rps[1]), p50: percentileMs(output, 50), p99: percentileMs(output, 99), requests: Number(requests[1]) };
}

function wrk(load: Load): Promise<LoadResult> {
  const headers = Object.entries(load.headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
  const args = ["-t1", `-c${load.connections}`, `-d${load.seconds}s`, "--latency", ...headers, load.url];
  return new Promise((resolve, reject) => {
    const [command, argv] = onCpus(placement?.load, "wrk", args);
    execFile(command, argv, (error, stdout, stderr) => {
      if (error) return reject(new Error(`wrk ${load.url}: ${stderr || error.message}`));
      try {
        resolve(parseWrk(load.url, stdout));
      } catch (failure) {
        reject(failure as Error);
      }
    });
  });
}

async function withAutocannon(load: Load): Promise<LoadResult> {
  const result = await autocannon({ url: load.url, headers: load.headers, duration: load.seconds, connections: load.connections, pipelining: 1 });
  // autocannon times 2xx responses only: anything else would flatter the figure.
  if (result.errors || result.timeouts || result.non2xx)
    throw new Error(`${load.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx responses`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total };
}

/** One closed-loop load run: `connections` clients each sending the next request when the last answer arrives. */
export function runLoad(load: Load): Promise<LoadResult> {
  return generator === "wrk" ? wrk(load) : withAutocannon(load);
}
