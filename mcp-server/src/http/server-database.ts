import type { Migration } from "../store/migrations.js";
import { CoachDatabase } from "../store/database.js";
import type { Logger } from "../log.js";

/** The HTTP server's own tables, beside (never inside) the users' practice stores. */
export const SERVER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "api keys",
    sql: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        name TEXT,
        scopes TEXT NOT NULL,
        secret_sha256 TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      CREATE INDEX api_keys_user ON api_keys (user_id);
    `,
  },
  {
    version: 2,
    name: "oauth authorization server",
    sql: `
      CREATE TABLE oauth_records (
        model TEXT NOT NULL,
        id TEXT NOT NULL,
        payload TEXT NOT NULL,
        grant_id TEXT,
        uid TEXT,
        account_id TEXT,
        expires_at INTEGER,
        consumed_at INTEGER,
        PRIMARY KEY (model, id)
      );
      CREATE INDEX oauth_records_grant ON oauth_records (grant_id) WHERE grant_id IS NOT NULL;
      CREATE INDEX oauth_records_uid ON oauth_records (model, uid) WHERE uid IS NOT NULL;
      CREATE INDEX oauth_records_account ON oauth_records (model, account_id) WHERE account_id IS NOT NULL;
      CREATE TABLE sign_in_codes (
        code_sha256 TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        scopes TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
    `,
  },
];

export const SERVER_DATABASE_FILE = "server.sqlite";

export function openServerDatabase(dataDir: string, log: Logger): CoachDatabase {
  return new CoachDatabase(dataDir, {
    schema: { file: SERVER_DATABASE_FILE, migrations: SERVER_MIGRATIONS },
    onStaleLockCleared: (what) => log.warn("cleared a lock left by a crashed process", { path: what }),
  });
}
