import type { Redis } from "ioredis";
import type { FoundRecord, OAuthRecord, OAuthRecords, SignedIn, StoredSignInCode } from "./records.js";

/** Marks a sign-in code used and returns its user and scopes, once, if it has not expired. */
const USE_CODE_SCRIPT = `
local user = redis.call('HGET', KEYS[1], 'user_id')
if not user then return false end
if redis.call('HEXISTS', KEYS[1], 'used_at') == 1 then return false end
if tonumber(redis.call('HGET', KEYS[1], 'expires_at')) <= tonumber(ARGV[1]) then return false end
redis.call('HSET', KEYS[1], 'used_at', ARGV[1])
return {user, redis.call('HGET', KEYS[1], 'scopes')}
`;

interface UseCodeCommand {
  useSignInCode(key: string, now: number): Promise<[string, string] | null>;
}

/**
 * The authorization server's records in Redis, for instances that share one (--redis): a client
 * registered, a grant consented or a token revoked on any instance holds on all of them.
 *
 *   <p>:oauth:<model>:<id>               hash   payload, grant_id, uid, account_id, consumed_at; expires with the record
 *   <p>:oauth-grant:<grant id>           set    keys of the records a grant issued (revoked together)
 *   <p>:oauth-uid:<model>:<uid>          string the record id with this uid (sessions)
 *   <p>:oauth-account:<model>:<account>  set    ids of an account's records (grants: connected apps)
 *   <p>:sign-in-code:<sha256>            hash   user_id, scopes, created_at, expires_at, used_at
 */
export class RedisOAuthRecords implements OAuthRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "coach",
  ) {
    redis.defineCommand("useSignInCode", { numberOfKeys: 1, lua: USE_CODE_SCRIPT });
  }

  private key(model: string, id: string): string {
    return `${this.prefix}:oauth:${model}:${id}`;
  }

  async upsert(record: OAuthRecord): Promise<void> {
    const key = this.key(record.model, record.id);
    const fields: Record<string, string> = { payload: JSON.stringify(record.payload) };
    if (record.grantId !== null) fields.grant_id = record.grantId;
    if (record.uid !== null) fields.uid = record.uid;
    if (record.accountId !== null) fields.account_id = record.accountId;
    // A record kept by an update keeps its consumed mark, as the SQL store does.
    const consumed = await this.redis.hget(key, "consumed_at");
    if (consumed !== null) fields.consumed_at = consumed;
    const multi = this.redis.multi().del(key).hset(key, fields);
    if (record.expiresAt !== null) multi.pexpireat(key, record.expiresAt);
    if (record.grantId !== null) {
      const grantKey = `${this.prefix}:oauth-grant:${record.grantId}`;
      multi.sadd(grantKey, key);
      if (record.expiresAt !== null) multi.pexpireat(grantKey, record.expiresAt, "GT");
      else multi.persist(grantKey);
    }
    if (record.uid !== null) {
      const uidKey = `${this.prefix}:oauth-uid:${record.model}:${record.uid}`;
      multi.set(uidKey, record.id);
      if (record.expiresAt !== null) multi.pexpireat(uidKey, record.expiresAt);
    }
    if (record.accountId !== null) multi.sadd(`${this.prefix}:oauth-account:${record.model}:${record.accountId}`, record.id);
    await multi.exec();
  }

  async find(model: string, id: string): Promise<FoundRecord | null> {
    return found(await this.redis.hgetall(this.key(model, id)));
  }

  async findByUid(model: string, uid: string): Promise<FoundRecord | null> {
    const id = await this.redis.get(`${this.prefix}:oauth-uid:${model}:${uid}`);
    return id === null ? null : this.find(model, id);
  }

  async consume(model: string, id: string, atSeconds: number): Promise<void> {
    const key = this.key(model, id);
    if (await this.redis.exists(key)) await this.redis.hsetnx(key, "consumed_at", String(atSeconds));
  }

  async destroy(model: string, id: string): Promise<void> {
    await this.redis.del(this.key(model, id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const grantKey = `${this.prefix}:oauth-grant:${grantId}`;
    const members = await this.redis.smembers(grantKey);
    await this.redis.del(grantKey, ...members);
  }

  async listByAccount(model: string, accountId: string | null): Promise<{ id: string; payload: Record<string, unknown> }[]> {
    const accountKeys =
      accountId === null ? await this.scan(`${this.prefix}:oauth-account:${model}:*`) : [`${this.prefix}:oauth-account:${model}:${accountId}`];
    const listed: { id: string; payload: Record<string, unknown> }[] = [];
    for (const accountKey of accountKeys) {
      for (const id of await this.redis.smembers(accountKey)) {
        const record = await this.find(model, id);
        // Expired or destroyed: forgotten from the account's set too.
        if (record) listed.push({ id, payload: record.payload });
        else await this.redis.srem(accountKey, id);
      }
    }
    return listed;
  }

  private async scan(pattern: string): Promise<string[]> {
    const keys: string[] = [];
    let cursor = "0";
    do {
      const [next, batch] = await this.redis.scan(cursor, "MATCH", pattern, "COUNT", 200);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== "0");
    return keys;
  }

  async saveSignInCode(code: StoredSignInCode): Promise<void> {
    const key = `${this.prefix}:sign-in-code:${code.sha256}`;
    await this.redis
      .multi()
      .hset(key, { user_id: code.userId, scopes: code.scopes.join(" "), created_at: String(code.createdAt), expires_at: String(code.expiresAt) })
      .pexpireat(key, code.expiresAt)
      .exec();
  }

  async useSignInCode(sha256: string, now: number): Promise<SignedIn | null> {
    const used = await (this.redis as unknown as UseCodeCommand).useSignInCode(`${this.prefix}:sign-in-code:${sha256}`, now);
    return used ? { userId: used[0], scopes: used[1].split(" ").filter(Boolean) } : null;
  }
}

function found(hash: Record<string, string>): FoundRecord | null {
  if (hash.payload === undefined) return null;
  return { payload: JSON.parse(hash.payload) as Record<string, unknown>, consumedAt: hash.consumed_at === undefined ? null : Number(hash.consumed_at) };
}
