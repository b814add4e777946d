import type { Redis } from "ioredis";

/**
 * Lua run atomically inside Redis, so two server instances writing the same record never
 * interleave. The merge mirrors lww.ts exactly; the shared store tests hold them to the same results.
 */

/** Byte order, as memcmp: Lua's own string comparison follows the server's locale. */
const AFTER = `
local function after(a, b)
  if a == b then return false end
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x > y end
  end
  return #a > #b
end
`;

/**
 * Put or delete one project or session, append its audit entry, then log, index and publish the change.
 * KEYS: record, index, changes, change-positions, change-head, audit, deleted-projects
 * ARGV: op ("put" | "delete"), entity, id, write clock, proposed change clock, user id, channel,
 *       session TTL ms, now ms, session grace ms, audit entry as JSON { fields, visible, hidden, minid }
 *       or "" for none, then field/value pairs (put)
 * Returns { change clock or "" when nothing changed, record after, record before }.
 */
export const WRITE_SCRIPT = `${AFTER}
local record, index, changes, positions, head_key, audit_key, deleted = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local op, entity, id, clock, proposal, user, channel = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local ttl, now, grace = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10])
local entry = nil
if ARGV[11] ~= '' then entry = cjson.decode(ARGV[11]) end

-- Until when callers see a record, as entities.ts decides (expires_at, else the latest write plus the TTL); nil with no field set.
local function visible_until(hash)
  local newest, expires = nil, nil
  for i = 1, #hash, 2 do
    local name, value = hash[i], hash[i + 1]
    if string.sub(name, 1, 2) == 'c:' then
      if not newest or after(value, newest) then newest = value end
    elseif name == 'v:expires_at' then
      expires = tonumber(value)
    end
  end
  if not newest then return nil end
  return expires or (tonumber(string.sub(newest, 1, 15)) + ttl)
end

local function visible(hash)
  local until_ms = visible_until(hash)
  return until_ms ~= nil and (entity == 'project' or until_ms > now)
end

-- The caller's answer turns on the record after a put and before a delete; the entry records that answer.
local function audit(shown)
  if not entry then return end
  local fields = entry.fields
  fields[#fields + 1] = 'status'
  if shown then fields[#fields + 1] = entry.visible else fields[#fields + 1] = entry.hidden end
  redis.call('XADD', audit_key, 'MINID', '~', entry.minid, '*', unpack(fields))
end

local before = redis.call('HGETALL', record)
local tombstone = redis.call('HGET', record, 'tombstone')
local changed = false
if not tombstone or after(clock, tombstone) then
  if op == 'put' then
    for i = 12, #ARGV, 2 do
      local field, value = ARGV[i], ARGV[i + 1]
      local current = redis.call('HGET', record, 'c:' .. field)
      local wins = not current or after(clock, current)
      if current == clock then wins = after(value, redis.call('HGET', record, 'v:' .. field) or '') end
      if wins then
        redis.call('HSET', record, 'c:' .. field, clock, 'v:' .. field, value)
        changed = true
      end
    end
  else
    redis.call('HSET', record, 'tombstone', clock)
    for i = 1, #before, 2 do
      local name = before[i]
      if string.sub(name, 1, 2) == 'c:' and not after(before[i + 1], clock) then
        redis.call('HDEL', record, name, 'v:' .. string.sub(name, 3))
      end
    end
    changed = true
  end
end
if not changed then
  audit(visible(before))
  return { '', before, before }
end
local after_write = redis.call('HGETALL', record)
if op == 'put' then audit(visible(after_write)) else audit(visible(before)) end

-- The next clock in the user's change log: the proposal, or just after the head if that is later.
local head = redis.call('GET', head_key)
local change = proposal
if head and not after(proposal, head) then
  local ms = tonumber(string.sub(head, 1, 15))
  local counter = tonumber(string.sub(head, 17, 21)) + 1
  if counter > 99999 then ms = ms + 1; counter = 0 end
  change = string.format('%015.0f-%05d-', ms, counter) .. string.sub(proposal, 23)
end
redis.call('SET', head_key, change)
local member = entity .. ' ' .. id
local previous = redis.call('HGET', positions, member)
if previous then redis.call('ZREM', changes, previous .. ' ' .. member) end
redis.call('ZADD', changes, 0, change .. ' ' .. member)
redis.call('HSET', positions, member, change)

local until_ms = visible_until(after_write)
if entity == 'project' then
  if until_ms then
    redis.call('SADD', index, id)
    redis.call('ZREM', deleted, id)
  else
    redis.call('SREM', index, id)
    redis.call('ZADD', deleted, string.format('%.0f', now), id)
  end
else
  until_ms = until_ms or now
  redis.call('ZADD', index, string.format('%.0f', until_ms), id)
  local keep_ms = until_ms + grace - now
  if keep_ms > 0 then redis.call('PEXPIRE', record, string.format('%.0f', keep_ms)) else redis.call('DEL', record) end
end
redis.call('PUBLISH', channel, cjson.encode({ user = user, entity = entity, id = id, clock = change, state = after_write }))
return { change, after_write, before }
`;

/**
 * Compact one user's change log: sessions that stopped being visible more than the grace period ago
 * (their records have expired by then) and projects deleted more than the tombstone horizon ago go,
 * records and log entries, and compacted-through moves up to the newest clock removed.
 * KEYS: sessions index, deleted-projects, changes, change-positions, compacted-through
 * ARGV: session cutoff ms, project cutoff ms, the user's key prefix ("<p>:{user}:"), batch size
 */
export const SWEEP_SCRIPT = `${AFTER}
local sessions, deleted, changes, positions, compacted = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local prefix, batch = ARGV[3], tonumber(ARGV[4])
local newest = redis.call('GET', compacted)
local moved = false
local function sweep(index, entity, cutoff)
  local ids = redis.call('ZRANGEBYSCORE', index, '-inf', '(' .. cutoff, 'LIMIT', 0, batch)
  for _, id in ipairs(ids) do
    local member = entity .. ' ' .. id
    local clock = redis.call('HGET', positions, member)
    if clock then
      redis.call('ZREM', changes, clock .. ' ' .. member)
      redis.call('HDEL', positions, member)
      if not newest or after(clock, newest) then newest = clock; moved = true end
    end
    redis.call('ZREM', index, id)
    redis.call('DEL', prefix .. entity .. ':' .. id)
  end
  return #ids
end
local purged = sweep(sessions, 'session', ARGV[1]) + sweep(deleted, 'project', ARGV[2])
if moved then redis.call('SET', compacted, newest) end
return purged
`;

/**
 * Claim an idempotency key unless a live record holds it.
 * KEYS: record   ARGV: fingerprint, now ms, lease expiry ms, lease ms
 * Returns {} when claimed, else { fingerprint, status or false, body or false }.
 */
export const CLAIM_SCRIPT = `
local expires = redis.call('HGET', KEYS[1], 'expires_at')
if expires and tonumber(expires) > tonumber(ARGV[2]) then
  return redis.call('HMGET', KEYS[1], 'fingerprint', 'status', 'body')
end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'expires_at', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {}
`;

/**
 * Store the response of a claimed request for replays.
 * KEYS: record   ARGV: fingerprint, status, body, now ms, expiry ms, ttl ms
 */
export const COMPLETE_SCRIPT = `
if redis.call('HGET', KEYS[1], 'fingerprint') ~= ARGV[1] or redis.call('HEXISTS', KEYS[1], 'status') == 1 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'expires_at')) <= tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'body', ARGV[3], 'expires_at', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1
`;

/** Free a claim that never completed. KEYS: record   ARGV: fingerprint */
export const RELEASE_SCRIPT = `
if redis.call('HGET', KEYS[1], 'fingerprint') == ARGV[1] and redis.call('HEXISTS', KEYS[1], 'status') == 0 then
  redis.call('DEL', KEYS[1])
end
return 0
`;

type Args = (string | number)[];
type ScriptReply = [string, string[], string[]];

/** The Lua scripts as ioredis commands (EVALSHA, falling back to EVAL once per connection). */
export interface AwarenessCommands {
  awarenessWrite(...args: Args): Promise<ScriptReply>;
  awarenessSweep(...args: Args): Promise<number>;
  awarenessClaim(...args: Args): Promise<(string | null | false)[]>;
  awarenessComplete(...args: Args): Promise<number>;
  awarenessRelease(...args: Args): Promise<number>;
}

/** Defines the scripts on a connection, which then answers them as commands. */
export function awarenessCommands(redis: Redis): AwarenessCommands {
  redis.defineCommand("awarenessWrite", { numberOfKeys: 7, lua: WRITE_SCRIPT });
  redis.defineCommand("awarenessSweep", { numberOfKeys: 5, lua: SWEEP_SCRIPT });
  redis.defineCommand("awarenessClaim", { numberOfKeys: 1, lua: CLAIM_SCRIPT });
  redis.defineCommand("awarenessComplete", { numberOfKeys: 1, lua: COMPLETE_SCRIPT });
  redis.defineCommand("awarenessRelease", { numberOfKeys: 1, lua: RELEASE_SCRIPT });
  return redis as unknown as AwarenessCommands;
}
