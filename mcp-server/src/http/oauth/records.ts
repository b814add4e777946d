import type { CoachDatabase } from "../../store/database.js";

/** One stored authorization-server artefact (a client, grant, session, code or token), as the adapter hands it over. */
export interface OAuthRecord {
  model: string;
  /** The storage id: for bearer secrets, the SHA-256 of the value, never the value. */
  id: string;
  payload: Record<string, unknown>;
  grantId: string | null;
  uid: string | null;
  accountId: string | null;
  /** Epoch ms; null: kept until destroyed. */
  expiresAt: number | null;
}

export interface FoundRecord {
  payload: Record<string, unknown>;
  /** Epoch seconds it was consumed (a used code or rotated refresh token), or null. */
  consumedAt: number | null;
}

/**
 * Where the authorization server keeps clients, grants, sessions, codes and tokens, and the sign-in
 * codes people type at /authorize: the server database, or Redis when instances share one.
 */
export interface OAuthRecords {
  upsert(record: OAuthRecord): Promise<void>;
  find(model: string, id: string): Promise<FoundRecord | null>;
  findByUid(model: string, uid: string): Promise<FoundRecord | null>;
  consume(model: string, id: string, atSeconds: number): Promise<void>;
  destroy(model: string, id: string): Promise<void>;
  revokeByGrantId(grantId: string): Promise<void>;
  /** Every live record of a model for an account (grants: the apps a person connected). */
  listByAccount(model: string, accountId: string | null): Promise<{ id: string; payload: Record<string, unknown> }[]>;
  saveSignInCode(code: StoredSignInCode): Promise<void>;
  /** Marks the code used and returns whom it signs in, once: a second use, an expired or an unknown code returns null. */
  useSignInCode(sha256: string, now: number): Promise<SignedIn | null>;
}

export interface StoredSignInCode {
  sha256: string;
  userId: string;
  /** The most the person may consent to with it: the scopes of whatever minted it. */
  scopes: string[];
  createdAt: number;
  expiresAt: number;
}

/** Who proved they own the data, and the scopes their proof reaches. */
export interface SignedIn {
  userId: string;
  scopes: string[];
}

const parse = (row: Record<string, unknown>): FoundRecord => ({
  payload: JSON.parse(String(row.payload)) as Record<string, unknown>,
  consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
});

/** Expired rows are swept at most this often, inside a write that happens anyway. */
const SWEEP_EVERY_MS = 60_000;

/** The records in the HTTP server's own SQLite database (server.sqlite). */
export class SqliteOAuthRecords implements OAuthRecords {
  private lastSweep = 0;

  constructor(
    private readonly db: CoachDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  upsert(record: OAuthRecord): Promise<void> {
    const now = this.now();
    const sweep = now - this.lastSweep >= SWEEP_EVERY_MS;
    if (sweep) this.lastSweep = now;
    return this.db.write((db) => {
      if (sweep) {
        db.run("DELETE FROM oauth_records WHERE expires_at IS NOT NULL AND expires_at <= ?", [now]);
        db.run("DELETE FROM sign_in_codes WHERE expires_at <= ?", [now]);
      }
      db.run(
        `INSERT INTO oauth_records (model, id, payload, grant_id, uid, account_id, expires_at, consumed_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
         ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid,
           account_id = excluded.account_id, expires_at = excluded.expires_at`,
        [record.model, record.id, JSON.stringify(record.payload), record.grantId, record.uid, record.accountId, record.expiresAt],
      );
    });
  }

  find(model: string, id: string): Promise<FoundRecord | null> {
    const now = this.now();
    return this.db.read((db) => {
      const row = db.get("SELECT payload, consumed_at FROM oauth_records WHERE model = ? AND id = ? AND (expires_at IS NULL OR expires_at > ?)", [
        model,
        id,
        now,
      ]) as Record<string, unknown> | null;
      return row ? parse(row) : null;
    });
  }

  findByUid(model: string, uid: string): Promise<FoundRecord | null> {
    const now = this.now();
    return this.db.read((db) => {
      const row = db.get("SELECT payload, consumed_at FROM oauth_records WHERE model = ? AND uid = ? AND (expires_at IS NULL OR expires_at > ?)", [
        model,
        uid,
        now,
      ]) as Record<string, unknown> | null;
      return row ? parse(row) : null;
    });
  }

  async consume(model: string, id: string, atSeconds: number): Promise<void> {
    await this.db.write((db) => db.run("UPDATE oauth_records SET consumed_at = ? WHERE model = ? AND id = ? AND consumed_at IS NULL", [atSeconds, model, id]));
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.db.write((db) => db.run("DELETE FROM oauth_records WHERE model = ? AND id = ?", [model, id]));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.write((db) => db.run("DELETE FROM oauth_records WHERE grant_id = ?", [grantId]));
  }

  listByAccount(model: string, accountId: string | null): Promise<{ id: string; payload: Record<string, unknown> }[]> {
    const now = this.now();
    return this.db.read((db) =>
      (accountId === null
        ? db.all("SELECT id, payload FROM oauth_records WHERE model = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY rowid", [model, now])
        : db.all("SELECT id, payload FROM oauth_records WHERE model = ? AND account_id = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY rowid", [
            model,
            accountId,
            now,
          ])
      ).map((row) => ({ id: String(row.id), payload: JSON.parse(String(row.payload)) as Record<string, unknown> })),
    );
  }

  async saveSignInCode(code: StoredSignInCode): Promise<void> {
    await this.db.write((db) =>
      db.run("INSERT INTO sign_in_codes (code_sha256, user_id, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?)", [
        code.sha256,
        code.userId,
        code.scopes.join(" "),
        code.createdAt,
        code.expiresAt,
      ]),
    );
  }

  useSignInCode(sha256: string, now: number): Promise<SignedIn | null> {
    return this.db.write((db) => {
      const row = db.get("SELECT user_id, scopes FROM sign_in_codes WHERE code_sha256 = ? AND used_at IS NULL AND expires_at > ?", [sha256, now]) as {
        user_id: string;
        scopes: string;
      } | null;
      if (!row) return null;
      db.run("UPDATE sign_in_codes SET used_at = ? WHERE code_sha256 = ?", [now, sha256]);
      return { userId: row.user_id, scopes: row.scopes.split(" ").filter(Boolean) };
    });
  }
}
