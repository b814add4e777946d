import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { AccessTokens } from "../mcp-server/src/http/auth/access-tokens.js";
import { ApiKeyStore } from "../mcp-server/src/http/auth/api-keys.js";
import { Authenticator } from "../mcp-server/src/http/auth/authenticate.js";
import { loadSigningKey } from "../mcp-server/src/http/oauth/keys.js";
import { OAuthService } from "../mcp-server/src/http/oauth/oauth-service.js";
import { SqliteOAuthRecords } from "../mcp-server/src/http/oauth/records.js";
import { createServiceClient } from "../mcp-server/src/http/oauth/service-clients.js";
import { openServerDatabase } from "../mcp-server/src/http/server-database.js";
import { createLogger } from "../mcp-server/src/log.js";

const ISSUER = "http://127.0.0.1:8080";
const CHECKS = 20_000;
const ROUNDS = 5;

/** Microseconds per check, the best of ROUNDS runs (the least disturbed by other work on the machine). */
async function perCheck(check: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2_000; i++) await check();
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < CHECKS; i++) await check();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1_000 / CHECKS);
  }
  return best;
}

/**
 * What the HTTP server's authentication hook does with each request's Authorization header, in
 * process: the credential accepted before (known), else checked (authenticate). An API key is a
 * digest compared in constant time, an OAuth access token a digest looked up among the tokens
 * already found; both are kept while the server database is unchanged, which the server learns
 * from the same change stamp it gives both here.
 */
export async function authCheck(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "coach-bench-auth-"));
  const log = createLogger("error");
  const db = openServerDatabase(dir, log);
  try {
    const keys = new ApiKeyStore(db);
    const { key } = await keys.create({ userId: "bench", scopes: ["memory:access"], name: null });
    const records = new SqliteOAuthRecords(db);
    const oauth = new OAuthService({ records, signingKey: await loadSigningKey(dir, log), secret: randomBytes(32), storeStamp: () => db.changeStamp() });
    await oauth.start(ISSUER, false);
    const provider = oauth.provider()!;
    const { client } = await createServiceClient(records, { userId: "bench", scopes: ["memory:access"], name: null });
    // Minted as the token endpoint mints it for client_credentials, for the REST API's resource.
    const minted = new provider.ClientCredentials({ client: (await provider.Client.find(client.clientId))!, scope: "memory:access" });
    minted.aud = ISSUER;
    const token = await minted.save();
    const authenticator = new Authenticator(keys, new AccessTokens(randomBytes(32), 900), { tokens: oauth.tokens, hints: (route) => oauth.hints(route) });
    const hook = (authorization: string) => async () =>
      authenticator.known(authorization, "/api/v1/questions") ?? (await authenticator.authenticate(authorization, "/api/v1/questions"));
    const byKey = await perCheck(hook(`Bearer ${key}`));
    const byToken = await perCheck(hook(`Bearer ${token}`));
    return [
      `Credential checks in process (best of ${ROUNDS} × ${CHECKS.toLocaleString("en")}, after warm-up)`,
      `  API key                      ${byKey.toFixed(2).padStart(6)} µs per request`,
      `  OAuth access token           ${byToken.toFixed(2).padStart(6)} µs per request   (${((byToken / byKey) * 100).toFixed(0)}% of the API key's)`,
      `  target: an OAuth access-token check costs no more than an API-key check`,
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
