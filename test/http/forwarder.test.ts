import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ClientClock } from "../../extension/src/cloud/client-clock.js";
import { cloudSender } from "../../extension/src/cloud/cloud-client.js";
import { AwarenessForwarder, type SyncStatus } from "../../extension/src/cloud/forwarder.js";
import { OutboxFile } from "../../extension/src/cloud/outbox-file.js";
import type { Delivery } from "../../extension/src/cloud/outbox.js";
import type { SendOutcome } from "../../extension/src/cloud/retry-policy.js";
import { createKey, request, startHttpCoach, type HttpCoach } from "../support/http-server.js";
import { freePort } from "../support/free-port.js";

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("The extension's awareness outbox against the real cloud API", function () {
  this.timeout(60_000);
  let scratch: string;
  let dataDir: string;
  let port: number;
  let key: string;
  let coach: HttpCoach | undefined;
  const forwarders: AwarenessForwarder[] = [];

  beforeEach(async () => {
    scratch = mkdtempSync(path.join(os.tmpdir(), "coach-forwarder-"));
    dataDir = path.join(scratch, "server");
    port = await freePort();
    key = await createKey(dataDir, "elena", ["project:read", "project:write", "session:sync"]);
  });

  afterEach(async () => {
    for (const f of forwarders.splice(0)) f.dispose();
    await coach?.stop();
    coach = undefined;
  });

  const endpoint = () => `http://127.0.0.1:${port}`;
  const forwarder = (options: { send?: (d: Delivery) => Promise<SendOutcome>; statuses?: SyncStatus[] } = {}) => {
    const f = new AwarenessForwarder({
      file: new OutboxFile(path.join(scratch, "extension", "outbox.json")),
      send: options.send ?? cloudSender(endpoint(), async () => key),
      // No jitter, short waits: the test drives retries with kick().
      random: () => 0,
      onStatus: (s) => options.statuses?.push(s),
    });
    forwarders.push(f);
    return f;
  };
  const startCloud = async () => {
    coach = await startHttpCoach({ dataDir, args: ["--port", String(port)] });
  };
  const changes = async () => {
    const response = await request(coach!, "/v1/changes", { credential: key });
    assert.equal(response.status, 200);
    return ((await response.json()) as { changes: { entity: string; id: string }[] }).changes;
  };

  it("holds changes while the cloud is down, survives a restart, and delivers them once it is up", async () => {
    const clock = new ClientClock("vscode-test");
    const statuses: SyncStatus[] = [];
    const first = forwarder({ statuses });
    first.record({ entity: "project", id: "vscode:acme", fields: { name: "Acme", platforms: ["vscode"] }, clock: clock.next() });
    await first.idle();
    assert.equal(first.status().kind, "offline", "nothing listens on the port yet");
    // The first delivery was tried, so it is frozen; the next two changes coalesce behind it.
    first.record({ entity: "project", id: "vscode:acme", fields: { statistics: { attempts: 2, accuracy: 0.6, streak_days: 1 } }, clock: clock.next() });
    first.record({ entity: "project", id: "vscode:acme", fields: { statistics: { attempts: 3, accuracy: 0.7, streak_days: 1 } }, clock: clock.next() });
    assert.equal(first.pending, 2);
    first.dispose();

    // A new editor session (a VS Code restart) finds the same queue on disk.
    const second = forwarder({ statuses });
    assert.equal(second.pending, 2);
    second.record({ entity: "session", id: "session-1", fields: { platform: "vscode", active_project: "vscode:acme" }, clock: clock.next() });
    await startCloud();
    second.kick();
    await until(() => second.status().kind === "synced", "the queue to drain");
    const project = (await (await request(coach!, "/v1/projects/vscode:acme", { credential: key })).json()) as {
      name: string;
      statistics: { attempts: number };
    };
    assert.deepEqual([project.name, project.statistics.attempts], ["Acme", 3]);
    const session = (await (await request(coach!, "/v1/sessions/session-1", { credential: key })).json()) as { active_project: string };
    assert.equal(session.active_project, "vscode:acme");
    assert.deepEqual((await changes()).map((c) => `${c.entity}:${c.id}`).sort(), ["project:vscode:acme", "session:session-1"]);
    assert.ok(statuses.some((s) => s.kind === "offline") && statuses.at(-1)!.kind === "synced", "the status went offline, then synced");
  });

  it("resends a delivery whose reply was lost with the same key, and the cloud applies it once", async () => {
    await startCloud();
    const real = cloudSender(endpoint(), async () => key);
    const sent: string[] = [];
    let loseReply = true;
    const f = forwarder({
      send: async (delivery) => {
        sent.push(delivery.idempotencyKey!);
        const outcome = await real(delivery);
        if (!loseReply) return outcome;
        loseReply = false;
        throw new Error("connection reset before the reply arrived");
      },
    });
    const clock = new ClientClock("vscode-test");
    f.record({ entity: "project", id: "vscode:acme", fields: { name: "Acme" }, clock: clock.next() });
    await until(() => f.status().kind === "synced", "the retry");
    assert.equal(sent.length, 2);
    assert.equal(sent[0], sent[1], "the retry carries the first attempt's idempotency key");
    assert.equal((await changes()).length, 1);
    const audit = await request(coach!, "/v1/audit-log", { credential: key });
    const writes = ((await audit.json()) as { entries: { action: string; status: number }[] }).entries.filter((e) => e.action.startsWith("PUT"));
    assert.equal(writes.length, 1, `the cloud applied the project once, the retry was a replay: ${JSON.stringify(writes)}`);
  });

  it("stops on a refused key until a new one is set, and drops nothing meanwhile", async () => {
    await startCloud();
    let credential = "ick_0000000000000000_not-a-real-key-not-a-real-key-not-a-rea";
    const f = forwarder({ send: cloudSender(endpoint(), async () => credential) });
    f.record({ entity: "project", id: "vscode:acme", fields: { name: "Acme" }, clock: new ClientClock("vscode-test").next() });
    await f.idle();
    assert.equal(f.status().kind, "unauthorized");
    assert.equal(f.pending, 1);
    credential = key;
    f.resume();
    await until(() => f.status().kind === "synced", "delivery with the new key");
    assert.equal((await changes()).length, 1);
  });
});
