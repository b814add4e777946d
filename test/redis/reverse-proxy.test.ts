import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { WebSocket } from "ws";
import { UNLIMITED } from "../http/awareness-client.js";
import { runCli, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { freePort } from "../support/free-port.js";
import { startRedisServer, type RedisServer } from "../support/redis-server.js";

const README = readFileSync(path.join(__dirname, "../../README.md"), "utf8");

/** The README's fenced block in this language: what an operator copies. */
function readmeBlock(language: string): string {
  const block = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(README)?.[1];
  assert.ok(block, `the README has no \`\`\`${language} block`);
  return block;
}

function replaced(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the README's proxy configuration no longer names ${from}`);
  return text.replaceAll(from, to);
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** HTTPS to the proxy, trusting only the CA that signed its certificate. */
function call(url: string, ca: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method: init.method ?? "GET", headers: init.headers, ca, servername: "localhost" }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
    });
    request.on("error", reject);
    request.end(init.body);
  });
}

describe("the README's Caddy configuration in front of two instances on one Redis", function () {
  this.timeout(90_000);
  const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-proxy-"));
  let redis: RedisServer;
  let a: HttpCoach;
  let b: HttpCoach;
  let caddy: ChildProcess | null = null;
  let caddyOutput = "";
  let proxy = "";
  let ca = "";
  let key = "";

  before(async function () {
    if (spawnSync("caddy", ["version"]).error) this.skip();
    redis = await startRedisServer();
    const env = { ...process.env, COACH_JWT_SECRET: randomBytes(48).toString("base64") };
    const start = (name: string) => startHttpCoach({ dataDir: path.join(scratch, name), args: ["--redis", redis.url, ...UNLIMITED], env });
    [a, b] = await Promise.all([start("a"), start("b")]);
    const created = await runCli(["keys", "create", "--user", "ada", "--scope", "project:read", "--scope", "project:write", "--redis", redis.url]);
    assert.equal(created.code, 0, created.stderr);
    key = created.stdout.trim();

    const port = await freePort();
    proxy = `https://localhost:${port}`;
    // The site block exactly as documented, with a local CA instead of a public one and our upstreams' ports.
    let site = replaced(readmeBlock("caddyfile"), "coach.example.com {", `${proxy} {\n\ttls internal\n\tbind 127.0.0.1`);
    site = replaced(site, "coach-a:8080 coach-b:8080", `127.0.0.1:${a.port} 127.0.0.1:${b.port}`);
    const global = `{\n\tadmin off\n\tskip_install_trust\n\tstorage file_system ${path.join(scratch, "caddy")}\n}\n`;
    const caddyfile = path.join(scratch, "Caddyfile");
    writeFileSync(caddyfile, global + site);
    caddy = spawn("caddy", ["run", "--adapter", "caddyfile", "--config", caddyfile], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, HOME: scratch, XDG_DATA_HOME: scratch, XDG_CONFIG_HOME: scratch } });
    caddy.stdout!.on("data", (chunk: Buffer) => (caddyOutput += chunk.toString()));
    caddy.stderr!.on("data", (chunk: Buffer) => (caddyOutput += chunk.toString()));
    const root = path.join(scratch, "caddy/pki/authorities/local/root.crt");
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (caddy.exitCode !== null) throw new Error(`caddy exited (${caddy.exitCode}):\n${caddyOutput}`);
      if (existsSync(root)) {
        ca = readFileSync(root, "utf8");
        const ready = await call(`${proxy}/readyz`, ca).catch(() => null);
        if (ready?.status === 200) break;
      }
      if (Date.now() > deadline) throw new Error(`the proxy did not answer /readyz within 30 s:\n${caddyOutput}`);
      await sleep(100);
    }
  });

  after(async () => {
    if (caddy && caddy.exitCode === null) {
      const exited = new Promise((resolve) => caddy!.once("exit", resolve));
      caddy.kill("SIGTERM");
      await exited;
    }
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("terminates TLS with a certificate the client verifies, and keeps /metrics off the internet", async () => {
    const ready = await call(`${proxy}/readyz`, ca);
    assert.equal(ready.status, 200);
    assert.equal((await call(`${proxy}/metrics`, ca)).status, 404);
    await assert.rejects(call(`${proxy}/readyz`, ""), /self[- ]signed|unable to (get|verify)/i, "without the proxy's CA the certificate is refused");
  });

  it("passes bearer credentials, bodies and X-Request-Id through to either instance", async () => {
    const auth = { authorization: `Bearer ${key}` };
    const put = await call(`${proxy}/v1/projects/acme`, ca, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json", "x-request-id": "proxy-check-1" },
      body: JSON.stringify({ name: "Acme", platforms: ["chatgpt"] }),
    });
    assert.equal(put.status, 200, put.body);
    assert.equal(put.headers["x-request-id"], "proxy-check-1");
    // least_conn may send consecutive requests to either instance: both read the same state from Redis.
    for (let i = 0; i < 4; i++) {
      const got = await call(`${proxy}/v1/projects/acme`, ca, { headers: auth });
      assert.equal(got.status, 200);
      assert.equal((JSON.parse(got.body) as { name: string }).name, "Acme");
    }
    assert.equal((await call(`${proxy}/v1/projects/acme`, ca)).status, 401, "no credential, no project, through the proxy too");
  });

  it("upgrades /v1/sync through the proxy: a change written through it arrives on the socket", async () => {
    const ws = new WebSocket(`${proxy.replace(/^https/, "wss")}/v1/sync`, { headers: { authorization: `Bearer ${key}` }, ca });
    const messages: { type: string; change?: { state?: { name?: string } } }[] = [];
    const waiters = new Set<() => void>();
    ws.on("message", (data) => {
      messages.push(JSON.parse(data.toString()) as (typeof messages)[number]);
      for (const wake of [...waiters]) wake();
    });
    const arrived = (match: (m: (typeof messages)[number]) => boolean) =>
      new Promise<void>((resolve, reject) => {
        const wake = () => {
          if (!messages.some(match)) return;
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
        ws.once("error", reject);
        wake();
      });
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
      });
      const live = arrived((m) => m.type === "live");
      ws.send(JSON.stringify({ type: "subscribe" }));
      await live;
      const renamed = arrived((m) => m.type === "change" && m.change?.state?.name === "Acme via the proxy");
      const put = await call(`${proxy}/v1/projects/acme`, ca, {
        method: "PUT",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "Acme via the proxy" }),
      });
      assert.equal(put.status, 200, put.body);
      await renamed;
    } finally {
      ws.close();
    }
  });
});
