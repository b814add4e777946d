import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { AccessTokens, TokenRejected } from "../../mcp-server/src/http/auth/access-tokens.js";
import type { ApiKeyRecord } from "../../mcp-server/src/http/auth/api-keys.js";

const secret = new TextEncoder().encode("unit-test-signing-secret-".padEnd(48, "x"));
const key: ApiKeyRecord = { id: "0123456789abcdef", userId: "ada", name: null, scopes: ["project:read", "project:write"], createdAt: 0, revokedAt: null };

/** Flips one character of the token's signature, keeping it well-formed base64url. */
function tamperSignature(token: string): string {
  const last = token.at(-2) === "A" ? "B" : "A";
  return `${token.slice(0, -2)}${last}${token.at(-1)}`;
}

describe("access tokens", () => {
  it("verifies an issued token, again from memory, with the same claims", async () => {
    const tokens = new AccessTokens(secret, 900);
    const issued = await tokens.issue(key, ["project:read"], 900);
    const first = await tokens.verify(issued.token);
    assert.deepEqual(first, { userId: "ada", scopes: ["project:read"], keyId: key.id, tokenId: issued.tokenId, expiresAt: issued.expiresAt });
    assert.deepEqual(await tokens.verify(issued.token), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.scopes), "claims shared between requests cannot be changed by one of them");
  });

  it("refuses a token whose signature was altered, even once the genuine one was verified", async () => {
    const tokens = new AccessTokens(secret, 900);
    const issued = await tokens.issue(key, ["project:read"], 900);
    await tokens.verify(issued.token);
    await assert.rejects(tokens.verify(tamperSignature(issued.token)), (error: Error) => error instanceof TokenRejected && /signature/.test(error.message));
  });

  it("refuses a token signed with another secret", async () => {
    const other = new AccessTokens(new TextEncoder().encode("another-signing-secret-".padEnd(48, "y")), 900);
    const issued = await other.issue(key, ["project:read"], 900);
    await assert.rejects(new AccessTokens(secret, 900).verify(issued.token), TokenRejected);
  });

  it("a token verified while valid is refused once it expires", async () => {
    const tokens = new AccessTokens(secret, 900);
    const issued = await tokens.issue(key, ["project:read"], 1);
    await tokens.verify(issued.token);
    await sleep(issued.expiresAt * 1000 - Date.now() + 20);
    await assert.rejects(tokens.verify(issued.token), (error: Error) => error instanceof TokenRejected && /expired/.test(error.message));
  });
});
