import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { claimOutbox, processAlive } from "../../extension/src/cloud/outbox-claim.js";
import { OutboxFile } from "../../extension/src/cloud/outbox-file.js";
import { dueNow, EMPTY_OUTBOX, enqueue, nextDelivery, type OutboxState } from "../../extension/src/cloud/outbox.js";

/** The pid of a process that has already exited. */
const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid!;
const queue = (...ids: string[]): OutboxState =>
  ids.reduce((s, id, i) => enqueue(s, { entity: "project", id, fields: { name: id }, clock: `c${i}` }), EMPTY_OUTBOX);
const ids = (file: OutboxFile) => file.load().deliveries.map((d) => d.id);

describe("Each window's own outbox, and the queues of closed windows", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), "coach-claim-"))));

  it("gives this process its own file, empty at first", () => {
    const { file, adopted } = claimOutbox(dir);
    assert.equal(path.basename(file.file), `outbox.${process.pid}.json`);
    assert.equal(adopted, 0);
    assert.deepEqual(file.load(), EMPTY_OUTBOX);
  });

  it("takes over the queue of a host that has exited, older deliveries first, and keeps their keys", () => {
    const dead = deadPid();
    const theirs = nextDelivery(queue("vscode:acme"), 0, () => "key-1")!.state;
    new OutboxFile(path.join(dir, `outbox.${dead}.json`)).save(theirs);
    new OutboxFile(path.join(dir, `outbox.${process.pid}.json`)).save(queue("vscode:beta"));
    const { file, adopted } = claimOutbox(dir);
    assert.equal(adopted, 1);
    assert.deepEqual(ids(file), ["vscode:acme", "vscode:beta"]);
    assert.equal(file.load().deliveries[0]!.idempotencyKey, "key-1", "a delivery already sent keeps its key, so the cloud applies it once");
    assert.deepEqual(readdirSync(dir), [`outbox.${process.pid}.json`]);
  });

  it("leaves the queue of a window that is still running alone", async () => {
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      assert.ok(processAlive(other.pid!));
      new OutboxFile(path.join(dir, `outbox.${other.pid}.json`)).save(queue("vscode:acme"));
      const { file, adopted } = claimOutbox(dir);
      assert.equal(adopted, 0);
      assert.deepEqual(ids(file), []);
      assert.ok(existsSync(path.join(dir, `outbox.${other.pid}.json`)));
    } finally {
      other.kill();
    }
  });

  it("finishes a takeover that a crashed window started", () => {
    const dead = deadPid();
    const leftover = path.join(dir, `outbox.123.json.claimed-by-${dead}`);
    writeFileSync(leftover, JSON.stringify(queue("vscode:acme")));
    const { file, adopted } = claimOutbox(dir);
    assert.equal(adopted, 1);
    assert.deepEqual(ids(file), ["vscode:acme"]);
    assert.equal(existsSync(leftover), false);
  });

  it("sets an unreadable file aside and says so, instead of reading it as an empty queue", () => {
    const dead = deadPid();
    writeFileSync(path.join(dir, `outbox.${dead}.json`), "{ not json");
    const { file, adopted, problems } = claimOutbox(dir);
    assert.equal(adopted, 0);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /claimed-by/);
    assert.deepEqual(ids(file), []);
    assert.ok(readdirSync(dir).some((name) => name.endsWith(".unreadable")));
  });

  it("makes every waiting delivery due now, keeping keys and attempt counts", () => {
    const sent = nextDelivery(queue("vscode:acme", "vscode:beta"), 0, () => "key-1")!.state;
    const waiting: OutboxState = { ...sent, deliveries: sent.deliveries.map((d) => ({ ...d, attempts: 3, notBefore: 99_000 })) };
    const due = dueNow(waiting);
    assert.deepEqual(
      due.deliveries.map((d) => [d.id, d.idempotencyKey, d.attempts, d.notBefore]),
      [
        ["vscode:acme", "key-1", 3, 0],
        ["vscode:beta", null, 3, 0],
      ],
    );
  });
});
