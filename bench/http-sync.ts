import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { WebSocket } from "ws";
import { startRedisServer } from "../test/support/redis-server.js";
import { createKey, startCoach, tail, tailRow, type Running } from "./http-support.js";

const SCOPES = ["project:read", "project:write"];
const WARMUP = 50;

interface ChangeFrame {
  type: string;
  change?: { id: string; state?: { name?: string } };
}

/** A subscribed /v1/sync socket that hands each change frame to whoever waits for that project and name. */
async function subscribe(url: string, key: string): Promise<{ expect(id: string, name: string): Promise<number>; close(): void }> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/v1/sync`, { headers: { authorization: `Bearer ${key}` } });
  const waiting = new Map<string, (at: number) => void>();
  let live: () => void = () => {};
  const isLive = new Promise<void>((resolve) => (live = resolve));
  ws.on("message", (data) => {
    // Taken first thing, so parsing is not counted.
    const at = performance.now();
    const frame = JSON.parse(data.toString()) as ChangeFrame;
    if (frame.type === "live") live();
    const wanted = frame.change && `${frame.change.id}\n${frame.change.state?.name}`;
    if (wanted && waiting.has(wanted)) {
      waiting.get(wanted)!(at);
      waiting.delete(wanted);
    }
  });
  await new Promise<void>((resolve, reject) => ws.once("open", resolve).once("error", reject));
  ws.send(JSON.stringify({ type: "subscribe" }));
  await isLive;
  return {
    expect(id, name) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no change frame for ${id} within 10 s`)), 10_000);
        waiting.set(`${id}\n${name}`, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    close: () => ws.close(1000),
  };
}

/** One PUT at a time on `writer`, each timed from sending it to its change frame on `reader`'s socket, and to its own response. */
async function deliveries(writer: string, reader: string, key: string, puts: number): Promise<{ delivery: number[]; response: number[] }> {
  const socket = await subscribe(reader, key);
  const delivery: number[] = [];
  const response: number[] = [];
  try {
    for (let i = 0; i < WARMUP + puts; i++) {
      const id = `bench-${i % 100}`;
      const name = `Project ${i}`;
      const frame = socket.expect(id, name);
      const sent = performance.now();
      const answer = await fetch(`${writer}/v1/projects/${id}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ name, statistics: { attempts: i, accuracy: 0.5, streak_days: 1 } }),
      });
      const answered = performance.now();
      if (!answer.ok) throw new Error(`PUT ${id}: ${answer.status} ${await answer.text()}`);
      await answer.arrayBuffer();
      const arrived = await frame;
      if (i < WARMUP) continue;
      delivery.push(arrived - sent);
      response.push(answered - sent);
    }
  } finally {
    socket.close();
  }
  return { delivery, response };
}

/**
 * PUT-to-WebSocket delivery: one client subscribed on /v1/sync, another PUTs projects one at a time;
 * the time from sending a PUT to its change frame. On one instance with the SQLite store, and with
 * --redis across two instances (PUT on A, socket on B) when redis-server is installed.
 */
export async function syncDelivery(server: string, puts = 1_000): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-sync-"));
  const running: Running[] = [];
  const lines = [`PUT /v1/projects/{id} to its change frame on /v1/sync (${puts} PUTs one at a time after ${WARMUP} warm-up, 127.0.0.1)`];
  try {
    const dataDir = path.join(dir, "sqlite");
    const key = await createKey(server, ["--data-dir", dataDir], "bench-sync", SCOPES);
    const single = await startCoach({ server, dataDir, logFile: path.join(dir, "sqlite.log") });
    running.push(single);
    const sqlite = await deliveries(single.url, single.url, key, puts);
    lines.push(tailRow("SQLite, one instance: delivery", tail(sqlite.delivery)), tailRow("  (the PUT's own response)", tail(sqlite.response)));
    await single.stop();
    running.length = 0;

    let redis: Awaited<ReturnType<typeof startRedisServer>> | null = null;
    try {
      redis = await startRedisServer();
    } catch (error) {
      lines.push(`  Redis, two instances: skipped (${(error as Error).message.split("\n")[0]})`);
    }
    if (redis) {
      try {
        // Every instance signs and checks tokens with one secret; the bench makes a throwaway one.
        const env = { ...process.env, COACH_JWT_SECRET: "bench-secret-".padEnd(48, "x") };
        const where = ["--redis", redis.url];
        const shared = await createKey(server, where, "bench-sync", SCOPES, env);
        const a = await startCoach({ server, dataDir: path.join(dir, "a"), logFile: path.join(dir, "a.log"), args: where, env });
        running.push(a);
        const b = await startCoach({ server, dataDir: path.join(dir, "b"), logFile: path.join(dir, "b.log"), args: where, env });
        running.push(b);
        const across = await deliveries(a.url, b.url, shared, puts);
        lines.push(tailRow("Redis, PUT on A, socket on B: delivery", tail(across.delivery)), tailRow("  (the PUT's own response)", tail(across.response)));
      } finally {
        for (const instance of running) await instance.stop();
        running.length = 0;
        await redis.stop();
      }
    }
    lines.push("  target: delivery p95 ≤ 50 ms");
    return lines;
  } finally {
    for (const instance of running) await instance.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
