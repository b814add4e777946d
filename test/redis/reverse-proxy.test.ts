import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { WebSocket } from "ws";
import { freePort } from "../support/free-port.js";
import { RedisFleet } from "../support/redis-fleet.js";

const GUIDE = readFileSync(path.join(__dirname, "../../docs/deployment.md"), "utf8");

/** The deployment guide's fenced block in this language: what an operator copies. */
function readmeBlock(language: string): string {
  const block = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(GUIDE)?.[1];
  assert.ok(block, `the deployment guide has no \`\`\`${language} block`);
  return block;
}

function replaced(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the deployment guide's proxy configuration no longer names ${from}`);
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

interface RunningProxy {
  url: string;
  /** The PEM of the CA that signed the proxy's certificate. */
  ca: string;
  process: ChildProcess;
  output(): string;
}

/** Starts a proxy process and waits until /readyz answers 200 through it, trusting `ca()` once it exists. */
async function startProxy(command: string, args: string[], url: string, ca: () => string | null, env: NodeJS.ProcessEnv = process.env): Promise<RunningProxy> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} exited (${child.exitCode}):\n${output}`);
    const pem = ca();
    if (pem) {
      const ready = await call(`${url}/readyz`, pem).catch(() => null);
      if (ready?.status === 200) return { url, ca: pem, process: child, output: () => output };
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${command} did not answer /readyz within 30 s:\n${output}`);
    }
    await sleep(100);
  }
}

/** The deployment guide's Caddyfile with a local CA instead of a public one, on 127.0.0.1, in front of our two instances. */
async function startCaddy(scratch: string, upstreams: [number, number]): Promise<RunningProxy> {
  const url = `https://localhost:${await freePort()}`;
  let site = replaced(readmeBlock("caddyfile"), "coach.example.com {", `${url} {\n\ttls internal\n\tbind 127.0.0.1`);
  site = replaced(site, "coach-a:8080 coach-b:8080", `127.0.0.1:${upstreams[0]} 127.0.0.1:${upstreams[1]}`);
  const global = `{\n\tadmin off\n\tskip_install_trust\n\tstorage file_system ${path.join(scratch, "caddy")}\n}\n`;
  const caddyfile = path.join(scratch, "Caddyfile");
  writeFileSync(caddyfile, global + site);
  const root = path.join(scratch, "caddy/pki/authorities/local/root.crt");
  const env = { ...process.env, HOME: scratch, XDG_DATA_HOME: scratch, XDG_CONFIG_HOME: scratch };
  return startProxy("caddy", ["run", "--adapter", "caddyfile", "--config", caddyfile], url, () => (existsSync(root) ? readFileSync(root, "utf8") : null), env);
}

/** The deployment guide's nginx configuration inside a minimal nginx.conf, with a self-signed certificate for localhost. */
async function startNginx(scratch: string, upstreams: [number, number]): Promise<RunningProxy> {
  const port = await freePort();
  const [cert, key] = [path.join(scratch, "cert.pem"), path.join(scratch, "key.pem")];
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost",
      "-keyout",
      key,
      "-out",
      cert,
    ],
    { stdio: "pipe" },
  );
  let site = replaced(readmeBlock("nginx"), "listen 443 ssl;", `listen 127.0.0.1:${port} ssl;`);
  site = replaced(site, "server coach-a:8080;", `server 127.0.0.1:${upstreams[0]};`);
  site = replaced(site, "server coach-b:8080;", `server 127.0.0.1:${upstreams[1]};`);
  site = replaced(site, "/etc/ssl/coach/fullchain.pem", cert);
  site = replaced(site, "/etc/ssl/coach/privkey.pem", key);
  const temp = (name: string) => `${name}_temp_path ${path.join(scratch, name)};`;
  const conf = path.join(scratch, "nginx.conf");
  writeFileSync(
    conf,
    `daemon off;\nuser root;\npid ${path.join(scratch, "nginx.pid")};\nerror_log stderr warn;\nevents {}\nhttp {\n` +
      `access_log off;\n${["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(temp).join("\n")}\n${site}\n}\n`,
  );
  return startProxy("nginx", ["-p", scratch, "-c", conf], `https://localhost:${port}`, () => readFileSync(cert, "utf8"));
}

function describeProxy(name: string, binary: string, start: (scratch: string, upstreams: [number, number]) => Promise<RunningProxy>): void {
  describe(`the deployment guide's ${name} configuration in front of two instances on one Redis`, function () {
    this.timeout(90_000);
    const scratch = mkdtempSync(path.join(os.tmpdir(), "coach-proxy-"));
    let fleet: RedisFleet | null = null;
    let proxy: RunningProxy | null = null;
    let key = "";

    before(async function () {
      if (spawnSync(binary, ["-v"]).error) this.skip();
      fleet = await RedisFleet.start();
      const [a, b] = await Promise.all([fleet.instance(), fleet.instance()]);
      key = await fleet.key("ada", ["project:read", "project:write"]);
      proxy = await start(scratch, [a.port, b.port]);
    });

    after(async () => {
      const child = proxy?.process;
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await fleet?.stop();
      rmSync(scratch, { recursive: true, force: true });
    });

    it("terminates TLS with a certificate the client verifies, and keeps /metrics off the internet", async () => {
      const { url, ca } = proxy!;
      assert.equal((await call(`${url}/readyz`, ca)).status, 200);
      assert.equal((await call(`${url}/metrics`, ca)).status, 404);
      await assert.rejects(call(`${url}/readyz`, ""), /self[- ]signed|unable to (get|verify)/i, "without the proxy's CA the certificate is refused");
    });

    it("passes bearer credentials, bodies and X-Request-Id through to either instance", async () => {
      const { url, ca } = proxy!;
      const auth = { authorization: `Bearer ${key}` };
      const put = await call(`${url}/v1/projects/acme`, ca, {
        method: "PUT",
        headers: { ...auth, "content-type": "application/json", "x-request-id": "proxy-check-1" },
        body: JSON.stringify({ name: "Acme", platforms: ["chatgpt"] }),
      });
      assert.equal(put.status, 200, put.body);
      assert.equal(put.headers["x-request-id"], "proxy-check-1");
      // least_conn may send consecutive requests to either instance: both read the same state from Redis.
      for (let i = 0; i < 4; i++) {
        const got = await call(`${url}/v1/projects/acme`, ca, { headers: auth });
        assert.equal(got.status, 200);
        assert.equal((JSON.parse(got.body) as { name: string }).name, "Acme");
      }
      assert.equal((await call(`${url}/v1/projects/acme`, ca)).status, 401, "no credential, no project, through the proxy too");
    });

    it("upgrades /v1/sync through the proxy: a change written through it arrives on the socket", async () => {
      const { url, ca } = proxy!;
      const ws = new WebSocket(`${url.replace(/^https/, "wss")}/v1/sync`, { headers: { authorization: `Bearer ${key}` }, ca });
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
          ws.once("unexpected-response", (_request, response) => reject(new Error(`the proxy did not upgrade /v1/sync: ${response.statusCode}`)));
        });
        const live = arrived((m) => m.type === "live");
        ws.send(JSON.stringify({ type: "subscribe" }));
        await live;
        const renamed = arrived((m) => m.type === "change" && m.change?.state?.name === "Acme via the proxy");
        const put = await call(`${url}/v1/projects/acme`, ca, {
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
}

describeProxy("Caddy", "caddy", startCaddy);
describeProxy("nginx", "nginx", startNginx);
