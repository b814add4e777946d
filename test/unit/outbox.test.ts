import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { OutboxFile } from "../../extension/src/cloud/outbox-file.js";
import {
  deferDelivery,
  EMPTY_OUTBOX,
  enqueue,
  nextAttemptAt,
  nextDelivery,
  parseOutbox,
  settle,
  type AwarenessChange,
} from "../../extension/src/cloud/outbox.js";
import { outcomeOf, parseRetryAfter, retryDelay } from "../../extension/src/cloud/retry-policy.js";

const change = (id: string, fields: Record<string, unknown>, clock: string): AwarenessChange => ({ entity: "project", id, fields, clock });
const keys = () => {
  let n = 0;
  return () => `key-${++n}`;
};

describe("The awareness outbox", () => {
  it("coalesces changes to one record per field until it is sent", () => {
    let state = enqueue(EMPTY_OUTBOX, change("p1", { name: "Acme", statistics: { attempts: 1 } }, "c1"));
    state = enqueue(state, change("p1", { statistics: { attempts: 2 } }, "c2"));
    assert.equal(state.deliveries.length, 1);
    assert.deepEqual(state.deliveries[0]!.fields, { name: "Acme", statistics: { attempts: 2 } });
    assert.equal(state.deliveries[0]!.clock, "c2");
  });

  it("freezes a delivery when it is sent: later changes queue behind it, the retry keeps key and body", () => {
    const newKey = keys();
    let state = enqueue(EMPTY_OUTBOX, change("p1", { name: "Acme" }, "c1"));
    const first = nextDelivery(state, 0, newKey)!;
    state = enqueue(first.state, change("p1", { name: "Acme Corp" }, "c2"));
    assert.equal(state.deliveries.length, 2, "the change after sending is a new delivery");
    state = deferDelivery(state, first.delivery.idempotencyKey!, 5_000);
    assert.equal(nextDelivery(state, 4_999, newKey), null, "not before its retry time");
    const retry = nextDelivery(state, 5_000, newKey)!;
    assert.equal(retry.delivery.idempotencyKey, "key-1");
    assert.deepEqual(retry.delivery.fields, { name: "Acme" });
    assert.equal(retry.delivery.attempts, 1);
    state = settle(retry.state, "key-1");
    const second = nextDelivery(state, 5_000, newKey)!;
    assert.deepEqual([second.delivery.idempotencyKey, second.delivery.fields], ["key-2", { name: "Acme Corp" }]);
    assert.equal(nextDelivery(settle(second.state, "key-2"), 5_000, newKey), null);
    assert.equal(nextAttemptAt(settle(second.state, "key-2")), null);
  });

  it("keeps different records apart, in the order they first changed", () => {
    let state = enqueue(EMPTY_OUTBOX, change("p1", { name: "A" }, "c1"));
    state = enqueue(state, { entity: "session", id: "s1", fields: { active_project: "p1" }, clock: "c2" });
    state = enqueue(state, change("p1", { name: "B" }, "c3"));
    assert.deepEqual(
      state.deliveries.map((d) => [d.entity, d.id, d.fields]),
      [
        ["project", "p1", { name: "B" }],
        ["session", "s1", { active_project: "p1" }],
      ],
    );
  });

  it("refuses a corrupt file instead of treating it as an empty queue", () => {
    assert.throws(() => parseOutbox("{}"), /not an outbox file/);
    assert.throws(() => parseOutbox(JSON.stringify({ version: 1, deliveries: [{ entity: "team", id: "x" }] })), /malformed delivery/);
    assert.throws(() => parseOutbox('{"version":1,"deliv'), SyntaxError);
  });

  it("survives a round trip through its file", () => {
    const file = new OutboxFile(path.join(mkdtempSync(path.join(os.tmpdir(), "coach-outbox-")), "sub", "outbox.json"));
    assert.deepEqual(file.load(), EMPTY_OUTBOX);
    const state = nextDelivery(enqueue(EMPTY_OUTBOX, change("p1", { name: "Acme" }, "c1")), 0, keys())!.state;
    file.save(state);
    assert.deepEqual(file.load(), state);
    writeFileSync(file.file, readFileSync(file.file, "utf8").slice(0, 10));
    assert.throws(() => file.load());
  });
});

describe("Delivery retries", () => {
  const now = Date.parse("2026-11-22T10:00:00Z");

  it("classifies responses", () => {
    assert.deepEqual(outcomeOf(204, "", null, now), { kind: "delivered" });
    assert.equal(outcomeOf(401, "bad key", null, now).kind, "unauthorized");
    assert.equal(outcomeOf(403, "scope", null, now).kind, "unauthorized");
    assert.equal(outcomeOf(422, "name: too long", null, now).kind, "rejected");
    assert.deepEqual(outcomeOf(429, "slow down", "7", now), { kind: "retry", detail: "HTTP 429: slow down", retryAfterMs: 7_000 });
    assert.equal(outcomeOf(503, "", null, now).kind, "retry");
    assert.equal(outcomeOf(409, "still in progress", "1", now).kind, "retry", "the same key is still being processed");
    assert.equal(outcomeOf(409, "superseded by a later delete", null, now).kind, "rejected");
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    assert.equal(parseRetryAfter("120", now), 120_000);
    assert.equal(parseRetryAfter("Sun, 22 Nov 2026 10:00:30 GMT", now), 30_000);
    assert.equal(parseRetryAfter("soon", now), null);
    assert.equal(parseRetryAfter(null, now), null);
  });

  it("backs off with full jitter under a doubling cap, never sooner than Retry-After", () => {
    assert.equal(retryDelay(0, null, 1), 1_000);
    assert.equal(retryDelay(3, null, 1), 8_000);
    assert.equal(retryDelay(3, null, 0.5), 4_000);
    assert.equal(retryDelay(40, null, 1), 300_000, "capped");
    assert.equal(retryDelay(0, 60_000, 0.2), 60_000, "Retry-After wins when longer");
    assert.equal(retryDelay(0, null, 0), 100, "a floor keeps a zero draw from spinning");
  });
});
