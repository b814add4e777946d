import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { WebSocket } from "ws";
import { createKey, MCP_HEADERS, request, rpc, startHttpCoach, type HttpCoach } from "../support/http-server.js";

/** GET a path with the Host header a browser would send for a name that resolves to this machine. */
function getWithHost(coach: HttpCoach, route: string, host: string): Promise<{ status: number; body: { title?: string; detail?: string } }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port: coach.port, path: route, headers: { host } }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as { title?: string; detail?: string } }));
    });
    request.on("error", reject);
    request.end();
  });
}

describe("DNS-rebinding protection on a loopback-bound server", function () {
  this.timeout(60_000);
  let dir: string;
  let local: HttpCoach;
  let published: HttpCoach;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "coach-http-host-"));
    [local, published] = await Promise.all([
      startHttpCoach({ dataDir: path.join(dir, "local") }),
      startHttpCoach({ dataDir: path.join(dir, "published"), args: ["--public-url", "https://coach.example.com"] }),
    ]);
  });
  after(async () => {
    await Promise.all([local?.stop(), published?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers requests addressed to a loopback name", async () => {
    for (const host of [`localhost:${local.port}`, `127.0.0.1:${local.port}`, `[::1]:${local.port}`, `app.localhost:${local.port}`]) {
      assert.equal((await getWithHost(local, "/livez", host)).status, 200, host);
    }
  });

  it("refuses a name a web page could point at 127.0.0.1 with 403, saying why, before any credential is looked at", async () => {
    for (const route of ["/livez", "/mcp", "/api/v1/questions"]) {
      const { status, body } = await getWithHost(local, route, `rebind.attacker.example:${local.port}`);
      assert.equal(status, 403, route);
      assert.equal(body.title, "Host not allowed");
      assert.match(body.detail ?? "", /DNS-rebinding protection/);
    }
  });

  it("refuses a /v1/sync upgrade addressed to such a name, with a valid key, before any socket opens", async () => {
    const key = await createKey(path.join(dir, "local"), "local", ["project:read"]);
    const upgrade = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${local.port}/v1/sync`, { headers: { host, authorization: `Bearer ${key}` } });
        socket.on("open", () => {
          socket.close();
          resolve(101);
        });
        socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
        socket.on("error", reject);
      });
    assert.equal(await upgrade(`rebind.attacker.example:${local.port}`), 403);
    assert.equal(await upgrade(`127.0.0.1:${local.port}`), 101);
  });

  it("answers /mcp from a page of its own loopback origin, not from another port or name on the same machine", async () => {
    const key = await createKey(path.join(dir, "local"), "local", ["memory:access"]);
    const call = (origin: string) => request(local, "/mcp", { credential: key, body: rpc("tools/list"), headers: { ...MCP_HEADERS, origin } });
    // fetch addresses 127.0.0.1:<port>, so that is the request's own origin.
    assert.equal((await call(`http://127.0.0.1:${local.port}`)).status, 200);
    for (const other of [`http://127.0.0.1:${local.port + 1}`, `http://localhost:${local.port}`, `https://127.0.0.1:${local.port}`, "null"]) {
      const refused = await call(other);
      assert.equal(refused.status, 403, other);
      assert.equal(((await refused.json()) as { title: string }).title, "Origin not allowed");
    }
  });

  it("with --public-url, also answers that host, and nothing else", async () => {
    assert.equal((await getWithHost(published, "/livez", "coach.example.com")).status, 200);
    assert.equal((await getWithHost(published, "/livez", `localhost:${published.port}`)).status, 200);
    assert.equal((await getWithHost(published, "/livez", "other.example.com")).status, 403);
  });
});
