import type { Redis } from "ioredis";
import { mintApiKey, parseApiKey, secretMatches, type ApiKeyRecord, type CredentialStore, type KeyCheck } from "./api-keys.js";
import type { Scope } from "./scopes.js";

/** Marks a key revoked once, keeping the first revocation time; a missing key stays missing. */
const REVOKE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
redis.call('HSETNX', KEYS[1], 'revoked_at', ARGV[1])
return redis.call('HGETALL', KEYS[1])
`;

interface RevokeCommand {
  revokeApiKey(key: string, now: number): Promise<string[]>;
}

/**
 * API keys in Redis, for instances that share one (--redis): a key created on any instance, or by
 * `keys create --redis`, works on all of them, and a revocation takes effect on the next request.
 *
 *   <p>:api-key:<id>   hash   user_id, name, scopes, secret_sha256, created_at, revoked_at
 *   <p>:api-keys       zset   key ids scored by creation time
 */
export class RedisCredentialStore implements CredentialStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "coach",
    private readonly now: () => number = Date.now,
  ) {
    redis.defineCommand("revokeApiKey", { numberOfKeys: 1, lua: REVOKE_SCRIPT });
  }

  async create(input: { userId: string; scopes: Scope[]; name: string | null }): Promise<{ key: string; record: ApiKeyRecord }> {
    const { id, key, secretSha256 } = mintApiKey();
    const record: ApiKeyRecord = { id, userId: input.userId, name: input.name, scopes: input.scopes, createdAt: this.now(), revokedAt: null };
    const fields: Record<string, string | number> = {
      user_id: record.userId,
      scopes: record.scopes.join(" "),
      secret_sha256: secretSha256,
      created_at: record.createdAt,
    };
    if (record.name !== null) fields.name = record.name;
    await this.redis.multi().hset(this.keyOf(id), fields).zadd(this.index, String(record.createdAt), id).exec();
    return { key, record };
  }

  async list(userId: string | null = null): Promise<ApiKeyRecord[]> {
    const ids = await this.redis.zrange(this.index, "0", "-1");
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.keyOf(id));
    const replies = (await pipeline.exec()) ?? [];
    return replies
      .map(([error, hash], i) => {
        if (error) throw error;
        return toRecord(ids[i]!, hash as Record<string, string>);
      })
      .filter((record): record is ApiKeyRecord => record !== null && (userId === null || record.userId === userId));
  }

  async get(keyId: string): Promise<ApiKeyRecord | null> {
    return toRecord(keyId, await this.redis.hgetall(this.keyOf(keyId)));
  }

  async revoke(keyId: string): Promise<ApiKeyRecord | null> {
    const flat = await (this.redis as unknown as RevokeCommand).revokeApiKey(this.keyOf(keyId), this.now());
    const hash: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
    return toRecord(keyId, hash);
  }

  async check(presented: string): Promise<KeyCheck> {
    const parsed = parseApiKey(presented);
    if (!parsed) return { ok: false, reason: "unknown" };
    const hash = await this.redis.hgetall(this.keyOf(parsed.keyId));
    const key = toRecord(parsed.keyId, hash);
    if (!key || !secretMatches(parsed.secret, hash.secret_sha256 ?? "")) return { ok: false, reason: "unknown" };
    return key.revokedAt === null ? { ok: true, key } : { ok: false, reason: "revoked", key };
  }

  private keyOf(id: string): string {
    return `${this.prefix}:api-key:${id}`;
  }

  private get index(): string {
    return `${this.prefix}:api-keys`;
  }
}

function toRecord(id: string, hash: Record<string, string>): ApiKeyRecord | null {
  if (hash.user_id === undefined) return null;
  return {
    id,
    userId: hash.user_id,
    name: hash.name ?? null,
    scopes: (hash.scopes ?? "").split(" ").filter(Boolean) as Scope[],
    createdAt: Number(hash.created_at),
    revokedAt: hash.revoked_at === undefined ? null : Number(hash.revoked_at),
  };
}
