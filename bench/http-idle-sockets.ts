import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { mb } from "./support.js";
import { bundleFixture, createKey, fileLimits, rssBytes, startCoach, type Running } from "./http-support.js";

const GIB = 1024 ** 3;
/** Client processes sharing the sockets, so no single client's event loop or fd table is the bottleneck. */
const CLIENTS = 4;
const USERS = 20;
/** Seconds between the server's pings; the hold spans one, so every socket answers a ping and has its credential re-checked. */
const HEARTBEAT = 10;

interface Opened {
  type: "opened";
  open: number;
  failures: number;
  firstFailure: string | null;
}

function ask(client: ChildProcess, command: object): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`a client process exited (${code})`));
    client.once("exit", exited);
    client.once("message", (message: Opened) => {
      client.off("exit", exited);
      resolve(message);
    });
    client.send(command);
  });
}

async function gauge(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^websocket_connections (\d+)/m.exec(text)?.[1] ?? NaN);
}

/** Least-squares slope and intercept of RSS over socket count. */
function fit(points: [number, number][]): { slope: number; intercept: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const slope = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return { slope, intercept: my - slope * mx };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1_000));

/**
 * Idle /v1/sync sockets one instance holds within 1 GiB: opens authenticated, subscribed sockets in
 * steps from several client processes, reads the server's RSS at each step, holds the last step
 * through a heartbeat, and extrapolates the count at 1 GiB from the fitted RSS per socket.
 */
export async function idleSockets(server: string, target = 10_000, step = 1_000): Promise<string[]> {
  const limits = fileLimits();
  // The server holds one descriptor per socket, plus its stores, logs and listeners.
  const needed = target + 256;
  const fileLimit = limits.soft >= needed ? undefined : Math.min(limits.hard, needed);
  const goal = Math.min(target, (fileLimit ?? limits.soft) - 256);
  const dir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-idle-"));
  const clients: ChildProcess[] = [];
  let coach: Running | undefined;
  try {
    const dataDir = path.join(dir, "data");
    const keys: string[] = [];
    for (let i = 0; i < USERS; i++) keys.push(await createKey(server, ["--data-dir", dataDir], `idle-${i}`, ["project:read"]));
    // The highest per-credential socket cap: the cap is a limit, not what this measures.
    coach = await startCoach({
      server,
      dataDir,
      logFile: path.join(dir, "coach.log"),
      args: ["--sync-heartbeat", String(HEARTBEAT), "--sync-max-sockets", "10000"],
      fileLimit,
    });
    const script = await bundleFixture("http-idle-client", dir);
    for (let i = 0; i < CLIENTS; i++) clients.push(fork(script, [], { stdio: ["ignore", "ignore", "inherit", "ipc"] }));
    await settle();
    const idle = rssBytes(coach.pid);
    if (idle === null) return ["Idle /v1/sync sockets: skipped (no /proc to read the server's RSS)"];
    const points: [number, number][] = [[0, idle]];
    const started = performance.now();
    let held = 0;
    let failure: string | null = null;
    while (held < goal) {
      const batch = Math.min(step, goal - held);
      const replies = await Promise.all(
        clients.map((client, i) =>
          ask(client, { type: "open", url: coach!.url, keys, count: Math.floor(batch / CLIENTS) + (i < batch % CLIENTS ? 1 : 0), concurrency: 50 }),
        ),
      );
      held = replies.reduce((s, r) => s + r.open, 0);
      failure ??= replies.find((r) => r.firstFailure)?.firstFailure ?? null;
      if (failure) break;
      await settle();
      points.push([held, rssBytes(coach.pid)!]);
    }
    const openSeconds = (performance.now() - started) / 1000;
    const before = await gauge(coach.url);
    await new Promise((resolve) => setTimeout(resolve, (HEARTBEAT + 2) * 1000));
    const after = await gauge(coach.url);
    const heldRss = rssBytes(coach.pid)!;
    const { slope } = fit(points.slice(1));
    const every = (n: number) => points.filter(([count]) => count % (n * step) === 0 || count === held);
    return [
      `Idle /v1/sync sockets on one instance (SQLite store; ${CLIENTS} client processes, ${USERS} users; open-file limit ${fileLimit ?? limits.soft}${fileLimit ? ", raised for the server" : ""})`,
      `  server RSS idle                    ${mb(idle).padStart(10)}`,
      ...every(2)
        .slice(1)
        .map(([count, rss]) => `  with ${String(count).padStart(6)} sockets               ${mb(rss).padStart(10)}`),
      `  held ${HEARTBEAT + 2} s more                    ${mb(heldRss).padStart(10)}   (a ping and a credential check each; the server's gauge ${before} → ${after})`,
      `  RSS per 1,000 sockets              ${mb(slope * 1000).padStart(10)}   (least squares over the steps)`,
      `  extrapolated at 1 GiB              ${Math.floor((GIB - idle) / slope)
        .toLocaleString("en")
        .padStart(10)} sockets`,
      `  opened ${held.toLocaleString("en")} in ${openSeconds.toFixed(1)} s${failure ? `; stopped at the first failure: ${failure}` : ""}${goal < target ? `; capped at ${goal} by the open-file limit` : ""}`,
      `  target: 10,000 idle sockets within 1 GiB`,
    ];
  } finally {
    for (const client of clients) if (client.connected) client.send({ type: "close" });
    await Promise.all(
      clients.map((client) => (client.exitCode === null && client.signalCode === null ? new Promise((resolve) => client.once("exit", resolve)) : null)),
    );
    await coach?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
