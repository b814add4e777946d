import assert from "node:assert/strict";
import { RecordsAdapter, bearerDigest } from "../../mcp-server/src/http/oauth/adapter.js";
import { isDigestedSecret } from "../../mcp-server/src/http/oauth/client-secrets.js";
import type { OAuthRecord, OAuthRecords } from "../../mcp-server/src/http/oauth/records.js";
import { SignInCodes } from "../../mcp-server/src/http/oauth/sign-in-codes.js";

export interface RecordsHarness {
  /** An empty store on the backend. */
  open(): Promise<OAuthRecords>;
  cleanup(): Promise<void>;
}

/** Long enough to read a record back before it expires; short enough to wait out in a test. */
const SHORT_MS = 150;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const record = (overrides: Partial<OAuthRecord> = {}): OAuthRecord => ({
  model: "AccessToken",
  id: "token-digest",
  payload: { kind: "AccessToken", accountId: "ada", scope: "memory:access" },
  grantId: "grant-1",
  uid: null,
  accountId: "ada",
  expiresAt: Date.now() + 60_000,
  ...overrides,
});

/** The authorization server's storage, written once, run against SQLite (unit suite) and Redis (redis suite). */
export function describeOAuthRecords(name: string, harness: RecordsHarness): void {
  describe(`OAuth records: ${name}`, function () {
    this.timeout(10_000);
    let records: OAuthRecords;

    beforeEach(async () => {
      records = await harness.open();
      // Opened (and migrated) before any expiry starts counting.
      await records.find("AccessToken", "none");
    });

    after(() => harness.cleanup());

    it("keeps a record until it expires, then finds nothing", async () => {
      await records.upsert(record({ expiresAt: Date.now() + SHORT_MS }));
      assert.deepEqual((await records.find("AccessToken", "token-digest"))?.payload.scope, "memory:access");
      await pause(SHORT_MS + 100);
      assert.equal(await records.find("AccessToken", "token-digest"), null, "an expired code or token is refused");
    });

    it("marks a record consumed once, keeps the first time, and an update keeps the mark", async () => {
      await records.upsert(record());
      await records.consume("AccessToken", "token-digest", 1_000);
      await records.consume("AccessToken", "token-digest", 2_000);
      assert.equal((await records.find("AccessToken", "token-digest"))?.consumedAt, 1_000);
      await records.upsert(record({ payload: { kind: "AccessToken", changed: true } }));
      const found = await records.find("AccessToken", "token-digest");
      assert.equal(found?.consumedAt, 1_000);
      assert.equal(found?.payload.changed, true);
    });

    it("revoking a grant removes every record it issued and nothing else", async () => {
      await records.upsert(record({ id: "a" }));
      await records.upsert(record({ model: "RefreshToken", id: "b" }));
      await records.upsert(record({ id: "c", grantId: "grant-2" }));
      await records.revokeByGrantId("grant-1");
      assert.equal(await records.find("AccessToken", "a"), null);
      assert.equal(await records.find("RefreshToken", "b"), null);
      assert.ok(await records.find("AccessToken", "c"));
    });

    it("finds a session by its uid, lists an account's grants, and destroys one", async () => {
      await records.upsert(record({ model: "Session", id: "cookie", uid: "uid-1", grantId: null, payload: { kind: "Session", uid: "uid-1" } }));
      assert.equal((await records.findByUid("Session", "uid-1"))?.payload.uid, "uid-1");
      await records.upsert(record({ model: "Grant", id: "g-ada", grantId: null, expiresAt: null, payload: { kind: "Grant", clientId: "c1" } }));
      await records.upsert(record({ model: "Grant", id: "g-bo", grantId: null, accountId: "bo", expiresAt: null, payload: { kind: "Grant", clientId: "c1" } }));
      assert.deepEqual(
        (await records.listByAccount("Grant", "ada")).map((g) => g.id),
        ["g-ada"],
      );
      assert.deepEqual((await records.listByAccount("Grant", null)).map((g) => g.id).sort(), ["g-ada", "g-bo"]);
      await records.destroy("Grant", "g-ada");
      assert.deepEqual(
        (await records.listByAccount("Grant", "ada")).map((g) => g.id),
        [],
      );
    });

    it("a sign-in code works once, for its user and scopes, typed loosely, and not after it expires", async () => {
      const codes = new SignInCodes(records);
      const { code } = await codes.mint("ada", ["project:read"]);
      assert.deepEqual(await codes.redeem(code.toLowerCase().replace("-", " ")), { userId: "ada", scopes: ["project:read"] });
      assert.equal(await codes.redeem(code), null, "a code works once");
      assert.equal(await codes.redeem("not a code"), null);
      const stale = new SignInCodes(records, () => Date.now() - 10 * 60_000 - 1_000);
      const old = await stale.mint("ada");
      assert.equal(await codes.redeem(old.code), null, "a code older than 10 minutes is refused");
    });

    it("the adapter stores a bearer value only as its digest and gives it back as the jti; a client secret as a digest", async () => {
      const tokens = new RecordsAdapter("AccessToken", records);
      await tokens.upsert("the-bearer-value", { jti: "the-bearer-value", kind: "AccessToken", accountId: "ada", grantId: "grant-9" }, 60);
      assert.equal(await records.find("AccessToken", "the-bearer-value"), null);
      const stored = await records.find("AccessToken", bearerDigest("the-bearer-value"));
      assert.equal(stored?.payload.jti, undefined, "the value is not in the stored payload");
      assert.equal((await tokens.find("the-bearer-value"))?.jti, "the-bearer-value");
      await tokens.consume("the-bearer-value");
      assert.ok((await tokens.find("the-bearer-value"))?.consumed);
      await tokens.revokeByGrantId("grant-9");
      assert.equal(await tokens.find("the-bearer-value"), undefined);

      const clients = new RecordsAdapter("Client", records);
      await clients.upsert("client-1", { client_id: "client-1", client_secret: "plain-secret" }, undefined as unknown as number);
      const client = await clients.find("client-1");
      assert.ok(typeof client?.client_secret === "string" && isDigestedSecret(client.client_secret) && client.client_secret !== "plain-secret");
    });
  });
}
