import assert from "node:assert/strict";
import type { AwarenessStore, WriteAudit } from "../../mcp-server/src/awareness/awareness-store.js";
import type { Platform, ProjectPut } from "../../mcp-server/src/contracts/awareness.js";
import { CoachInputError } from "../../mcp-server/src/errors.js";
import { eventually, type TestClock } from "./awareness-store-behaviour.js";

/** What the enclosing behaviour's hooks give each test: an empty store, the clock it reads, and a client clock `offset` ms from now. */
export interface AuditContext {
  store(): AwarenessStore;
  clock(): TestClock;
  at(offset: number): string;
}

/**
 * Every write leaves an audit entry committed with it, readable per user. Nested in
 * describeAwarenessStore, so it runs against SQLite and Redis alike.
 */
export function describeAuditTrail(context: AuditContext): void {
  describe("audit trail", () => {
    let store: AwarenessStore;
    let clock: TestClock;
    const at = (offset: number) => context.at(offset);

    beforeEach(() => {
      store = context.store();
      clock = context.clock();
    });

    it("appends audit entries and reads them back per user, newest first", async () => {
      await store.appendAudit({ userId: "ada", credentialId: "key_1", action: "PUT /v1/projects/acme", target: "project:acme", requestId: "r1", status: 200 });
      clock.advance(10);
      await store.appendAudit({ userId: "ada", credentialId: "key_1", action: "DELETE /v1/sessions/s1", requestId: "r2" });
      await store.appendAudit({ userId: "bob", credentialId: "key_2", action: "PUT /v1/projects/x", requestId: "r3" });
      const log = await store.auditLog("ada");
      assert.deepEqual(
        log.map((e) => [e.requestId, e.action, e.target, e.status, e.credentialId]),
        [
          ["r2", "DELETE /v1/sessions/s1", null, null, "key_1"],
          ["r1", "PUT /v1/projects/acme", "project:acme", 200, "key_1"],
        ],
      );
      assert.equal(log[1]!.at, clock.time - 10);
      assert.deepEqual(
        (await store.auditLog("bob")).map((e) => e.requestId),
        ["r3"],
      );
    });

    it("a write commits its audit entry with it, with the status its caller gets, a write that changes nothing included", async () => {
      const audit = (requestId: string, status: WriteAudit["status"]): WriteAudit => ({
        credentialId: "key_1",
        action: `write ${requestId}`,
        target: `project:acme`,
        requestId,
        status,
      });
      const put = { visible: 200, hidden: 409 };
      const remove = { visible: 204, hidden: 404 };
      await store.putProject("ada", "acme", { name: "Acme", clock: at(-3000) }, audit("created", put));
      await store.putProject("ada", "acme", { name: "Acme", clock: at(-3000) }, audit("same-clock", put));
      await store.deleteProject("ada", "acme", at(-2000), audit("deleted", remove));
      const hidden = await store.putProject("ada", "acme", { name: "Stale", clock: at(-2500) }, audit("stale", put));
      await store.deleteProject("ada", "acme", at(-1000), audit("deleted-again", remove));
      clock.advance(5);
      await store.putSession(
        "ada",
        "s1",
        { platform: "claude", expires_at: new Date(clock.time - 1).toISOString() },
        { ...audit("expired", put), target: "session:s1" },
      );
      const live = await store.putSession("ada", "s2", { platform: "vscode" }, { ...audit("live", put), target: "session:s2", credentialId: "key_2" });
      await store.deleteSession("ada", "s2", undefined, { ...audit("ended", remove), target: "session:s2" });
      assert.equal(hidden.state, null);
      assert.ok(live.state);
      const log = await store.auditLog("ada");
      assert.deepEqual(log.map((e) => [e.requestId, e.status, e.credentialId, e.target, e.action]).reverse(), [
        ["created", 200, "key_1", "project:acme", "write created"],
        ["same-clock", 200, "key_1", "project:acme", "write same-clock"],
        ["deleted", 204, "key_1", "project:acme", "write deleted"],
        ["stale", 409, "key_1", "project:acme", "write stale"],
        ["deleted-again", 404, "key_1", "project:acme", "write deleted-again"],
        ["expired", 409, "key_1", "session:s1", "write expired"],
        ["live", 200, "key_2", "session:s2", "write live"],
        ["ended", 204, "key_1", "session:s2", "write ended"],
      ]);
      assert.ok(log.every((e) => e.userId === "ada" && e.at >= clock.time - 5 && e.at <= clock.time));
      assert.deepEqual(await store.auditLog("bob"), []);
    });

    it("a write and its audit entry commit both or neither: a write refused, or an entry refused, stores nothing", async () => {
      const audit: WriteAudit = {
        credentialId: "key_1",
        action: "PUT /v1/projects/acme",
        target: "project:acme",
        requestId: "r1",
        status: { visible: 200, hidden: 409 },
      };
      const refused = (work: Promise<unknown>, field: string) =>
        assert.rejects(work, (error: unknown) => error instanceof CoachInputError && error.field === field);
      await refused(store.putProject("ada", "acme", { name: "X", colour: "red" } as ProjectPut, audit), "body");
      await refused(store.putProject("ada", "acme", { name: "Future", clock: at(61_000) }, audit), "clock");
      await refused(store.putSession("ada", "s1", { platform: "emacs" as Platform }, { ...audit, target: "session:s1" }), "platform");
      await refused(store.deleteProject("ada", "acme", "yesterday", audit), "clock");
      await refused(store.putProject("ada", "acme", { name: "Acme" }, { ...audit, requestId: "" }), "requestId");
      await refused(store.putProject("ada", "acme", { name: "Acme" }, { ...audit, credentialId: "k".repeat(201) }), "credentialId");
      await refused(store.deleteProject("ada", "acme", undefined, { ...audit, status: { visible: 204, hidden: 0 } }), "status");
      await refused(store.putSession("ada", "s1", { platform: "vscode" }, { ...audit, action: "" }), "action");
      assert.deepEqual(await store.auditLog("ada"), []);
      assert.deepEqual((await store.changesSince("ada", null)).changes, []);
      assert.equal(await store.getProject("ada", "acme"), null);
      await store.putProject("ada", "acme", { name: "Acme" }, audit);
      assert.deepEqual(
        (await store.auditLog("ada")).map((e) => [e.requestId, e.status]),
        [["r1", 200]],
      );
    });

    it("a change is never seen without its audit entry: a subscriber hearing it reads the entry", async () => {
      const reads: Promise<string[]>[] = [];
      await store.subscribe((event) => reads.push(store.auditLog(event.userId).then((log) => log.map((e) => e.requestId))));
      const audit = (requestId: string, status: WriteAudit["status"]): WriteAudit => ({
        credentialId: "key_1",
        action: "write",
        target: null,
        requestId,
        status,
      });
      await store.putProject("ada", "acme", { name: "Acme" }, audit("r1", { visible: 200, hidden: 409 }));
      await store.putSession("ada", "s1", { platform: "vscode" }, audit("r2", { visible: 200, hidden: 409 }));
      await store.deleteProject("ada", "acme", undefined, audit("r3", { visible: 204, hidden: 404 }));
      await eventually(() => reads.length === 3);
      const seen = await Promise.all(reads);
      for (const [i, requestId] of ["r1", "r2", "r3"].entries())
        assert.ok(seen[i]!.includes(requestId), `the change of ${requestId} was heard before its entry was there: ${JSON.stringify(seen[i])}`);
    });
  });
}
