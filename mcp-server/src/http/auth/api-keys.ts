import { hash, randomBytes } from "node:crypto";
import type { CoachDatabase } from "../../store/database.js";
import type { Scope } from "./scopes.js";

/** A key as stored: never its secret, only the secret's SHA-256. */
export interface ApiKeyRecord {
  id: string;
  userId: string;
  name: string | null;
  scopes: Scope[];
  createdAt: number;
  revokedAt: number | null;
}

/** `ick_<16 hex key id>_<43 base64url characters: 256 random bits>`; the id is fixed-length, so "_" in the secret is unambiguous. */
const KEY_FORMAT = /^ick_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export function parseApiKey(presented: string): { keyId: string; secret: string } | null {
  const match = KEY_FORMAT.exec(presented);
  return match ? { keyId: match[1]!, secret: match[2]! } : null;
}

export function looksLikeApiKey(presented: string): boolean {
  return presented.startsWith("ick_");
}

// A random 256-bit secret needs no slow KDF: SHA-256 is preimage-resistant and nothing is guessable.
// One-shot hash() to hex: a Hash object, or a Buffer for the digest, cost more than the digest itself.
const sha256Hex = (secret: string) => hash("sha256", secret, "hex");

/** A fresh key: its id, the full key shown once, and the hex SHA-256 of its secret, which is all that is stored. */
export function mintApiKey(): { id: string; key: string; secretSha256: string } {
  const id = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { id, key: `ick_${id}_${secret}`, secretSha256: sha256Hex(secret) };
}

/**
 * Whether a presented secret is the one whose SHA-256 is stored. The digests are compared, never
 * the secrets: how long a comparison takes can tell how much of a guess's digest matches the
 * stored one, which brings no one nearer a secret with that digest, as OAuth tokens are looked up by theirs.
 */
export function secretMatches(secret: string, storedSha256Hex: string): boolean {
  return storedSha256Hex.length === 64 && sha256Hex(secret) === storedSha256Hex;
}

interface StoredKey {
  record: ApiKeyRecord;
  /** Lowercase hex, as mintApiKey wrote it. */
  secretSha256: string;
}

function toRecord(row: Record<string, unknown>): ApiKeyRecord {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    name: row.name === null ? null : String(row.name),
    scopes: String(row.scopes).split(" ").filter(Boolean) as Scope[],
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

export type KeyCheck = { ok: true; key: ApiKeyRecord } | { ok: false; reason: "unknown" | "revoked"; key?: ApiKeyRecord };

/** Where API keys live: the server database, or Redis when instances share one (RedisCredentialStore). */
export interface CredentialStore {
  create(input: { userId: string; scopes: Scope[]; name: string | null }): Promise<{ key: string; record: ApiKeyRecord }>;
  list(userId?: string | null): Promise<ApiKeyRecord[]>;
  get(keyId: string): Promise<ApiKeyRecord | null>;
  revoke(keyId: string): Promise<ApiKeyRecord | null>;
  check(presented: string): Promise<KeyCheck>;
  /** check() answered at once when the store can vouch for what it remembers; undefined: call check(). */
  checkKnown?(presented: string): KeyCheck | undefined;
  /** get() answered at once likewise; undefined: call get(). */
  getKnown?(keyId: string): ApiKeyRecord | undefined;
}

/** API keys in the server database, created and revoked by the `keys` subcommand, checked on every request. */
export class ApiKeyStore implements CredentialStore {
  /** Keys by id with their stored hash, valid while the database file is unchanged: a revocation by another process changes it. */
  private readonly rows = new Map<string, StoredKey>();
  private fileVersion = "";

  constructor(
    private readonly db: CoachDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** No locked SQLite read per request; any commit to the file (another process's too) empties the cache. */
  private cachedRow(keyId: string): StoredKey | undefined {
    const version = this.db.changeStamp();
    if (version !== this.fileVersion) {
      this.rows.clear();
      this.fileVersion = version;
    }
    return this.rows.get(keyId);
  }

  private async row(keyId: string): Promise<StoredKey | null> {
    const cached = this.cachedRow(keyId);
    if (cached) return cached;
    const row = await this.db.read((db) => db.get("SELECT * FROM api_keys WHERE id = ?", [keyId]) as Record<string, unknown> | null);
    if (!row) return null;
    const record = toRecord(row);
    // Shared by every request presenting the key, so no caller can change it for the others.
    Object.freeze(record.scopes);
    const found = { record: Object.freeze(record), secretSha256: String(row.secret_sha256) };
    // Only known keys are kept: random unknown ids must not grow the map.
    this.rows.set(keyId, found);
    return found;
  }

  /** Returns the full key once; only its hash is kept. */
  async create(input: { userId: string; scopes: Scope[]; name: string | null }): Promise<{ key: string; record: ApiKeyRecord }> {
    const { id, key, secretSha256 } = mintApiKey();
    const record: ApiKeyRecord = { id, userId: input.userId, name: input.name, scopes: input.scopes, createdAt: this.now(), revokedAt: null };
    await this.db.write((db) =>
      db.run("INSERT INTO api_keys (id, user_id, name, scopes, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)", [
        id,
        record.userId,
        record.name,
        record.scopes.join(" "),
        secretSha256,
        record.createdAt,
      ]),
    );
    return { key, record };
  }

  list(userId: string | null = null): Promise<ApiKeyRecord[]> {
    return this.db.read((db) =>
      (userId === null
        ? db.all("SELECT * FROM api_keys ORDER BY created_at, id")
        : db.all("SELECT * FROM api_keys WHERE user_id = ? ORDER BY created_at, id", [userId])
      ).map((row) => toRecord(row as Record<string, unknown>)),
    );
  }

  async get(keyId: string): Promise<ApiKeyRecord | null> {
    return (await this.row(keyId))?.record ?? null;
  }

  getKnown(keyId: string): ApiKeyRecord | undefined {
    return this.cachedRow(keyId)?.record;
  }

  /** Marks the key revoked (keeping the row, for the record); null when there is no such key. */
  revoke(keyId: string): Promise<ApiKeyRecord | null> {
    return this.db.write((db) => {
      db.run("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [this.now(), keyId]);
      const row = db.get("SELECT * FROM api_keys WHERE id = ?", [keyId]) as Record<string, unknown> | null;
      return row ? toRecord(row) : null;
    });
  }

  /** Checks a presented key: the digest of its secret against the stored one (see secretMatches), then that it is not revoked. */
  async check(presented: string): Promise<KeyCheck> {
    const parsed = parseApiKey(presented);
    if (!parsed) return { ok: false, reason: "unknown" };
    return verdict(parsed.secret, await this.row(parsed.keyId));
  }

  checkKnown(presented: string): KeyCheck | undefined {
    const parsed = parseApiKey(presented);
    if (!parsed) return { ok: false, reason: "unknown" };
    const found = this.cachedRow(parsed.keyId);
    return found && verdict(parsed.secret, found);
  }
}

function verdict(secret: string, found: StoredKey | null): KeyCheck {
  // Hashed on every check: the server keeps no key's secret in memory, only its SHA-256.
  if (!found || !secretMatches(secret, found.secretSha256)) return { ok: false, reason: "unknown" };
  const key = found.record;
  return key.revokedAt === null ? { ok: true, key } : { ok: false, reason: "revoked", key };
}
