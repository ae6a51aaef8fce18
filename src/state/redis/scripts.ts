/**
 * Lua run inside Redis where a batch must read and write atomically: link indexes (so a re-keyed link
 * leaves no stale entry), the ledger's dedupe count, opportunity roles, lock compare-and-set, pruning.
 * Keys derived inside a script share the store's `{connection}` hash tag, so they live in the same
 * cluster slot as the declared ones. https://redis.io/docs/latest/develop/interact/programmability/eval-intro/
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class LuaScript {
  readonly #lua: string;
  readonly #sha: string;

  constructor(lua: string) {
    this.#lua = lua;
    this.#sha = createHash('sha1').update(lua).digest('hex');
  }

  /** EVALSHA, falling back to EVAL once when the server does not have the script cached yet. */
  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.#lua, keys.length, ...keys, ...args);
    }
  }
}

/** KEYS: links, links:order, idx:hubspotId, idx:salesforceLeadId, idx:salesforceContactId, idx:email. */
const UNINDEX = `
local FIELDS = {'hubspotId', 'salesforceLeadId', 'salesforceContactId'}
local IDX = {hubspotId = KEYS[3], salesforceLeadId = KEYS[4], salesforceContactId = KEYS[5]}
local function val(v) if v == nil or v == cjson.null then return nil end return v end
local function unindex(pid)
  local json = redis.call('HGET', KEYS[1], pid)
  if not json then return false end
  local old = cjson.decode(json)
  for _, f in ipairs(FIELDS) do
    local id = val(old[f])
    if id and redis.call('HGET', IDX[f], id) == pid then redis.call('HDEL', IDX[f], id) end
  end
  local email = val(old.email)
  if email then redis.call('ZREM', KEYS[6], email .. '\\0' .. pid) end
  return true
end
`;

/** ARGV: one link JSON each. A record id claimed by another person is cleared on that person first. */
export const PUT_LINKS = new LuaScript(`${UNINDEX}
for _, json in ipairs(ARGV) do
  local l = cjson.decode(json)
  local pid = l.personId
  unindex(pid)
  for _, f in ipairs(FIELDS) do
    local id = val(l[f])
    if id then
      local holder = redis.call('HGET', IDX[f], id)
      if holder and holder ~= pid then
        local hj = redis.call('HGET', KEYS[1], holder)
        if hj then
          local h = cjson.decode(hj)
          h[f] = cjson.null
          redis.call('HSET', KEYS[1], holder, cjson.encode(h))
        end
      end
      redis.call('HSET', IDX[f], id, pid)
    end
  end
  local email = val(l.email)
  if email then redis.call('ZADD', KEYS[6], 0, email .. '\\0' .. pid) end
  redis.call('HSET', KEYS[1], pid, json)
  redis.call('ZADD', KEYS[2], 0, pid)
end
return #ARGV
`);

/** ARGV: person ids. */
export const DELETE_LINKS = new LuaScript(`${UNINDEX}
for _, pid in ipairs(ARGV) do
  if unindex(pid) then
    redis.call('HDEL', KEYS[1], pid)
    redis.call('ZREM', KEYS[2], pid)
  end
end
return #ARGV
`);

/** KEYS: act, act:time. ARGV: record-set prefix, then (key, record key, epoch ms, json) per activity. */
export const PUT_ACTIVITIES = new LuaScript(`
local added = 0
for i = 2, #ARGV, 4 do
  if redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 3]) == 1 then
    redis.call('ZADD', ARGV[1] .. ARGV[i + 1], ARGV[i + 2], ARGV[i])
    redis.call('ZADD', KEYS[2], ARGV[i + 2], ARGV[i])
    added = added + 1
  end
end
return added
`);

/** KEYS: act, act:time. ARGV: record-set prefix, before (ms, exclusive), chunk size. Returns how many went. */
export const PRUNE_ACTIVITIES = new LuaScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, id in ipairs(ids) do
  local json = redis.call('HGET', KEYS[1], id)
  if json then
    local a = cjson.decode(json)
    redis.call('ZREM', ARGV[1] .. a.crm .. ':' .. a.recordId, id)
    redis.call('HDEL', KEYS[1], id)
  end
  redis.call('ZREM', KEYS[2], id)
end
return #ids
`);

/** KEYS: opp. ARGV: contact-set prefix, then (id, json) per opportunity; roles are replaced, not merged. */
export const PUT_OPPORTUNITIES = new LuaScript(`
for i = 2, #ARGV, 2 do
  local id = ARGV[i]
  local old = redis.call('HGET', KEYS[1], id)
  if old then
    for _, c in ipairs(cjson.decode(old).contactIds) do redis.call('SREM', ARGV[1] .. c, id) end
  end
  redis.call('HSET', KEYS[1], id, ARGV[i + 1])
  for _, c in ipairs(cjson.decode(ARGV[i + 1]).contactIds) do redis.call('SADD', ARGV[1] .. c, id) end
end
return (#ARGV - 1) / 2
`);

/** KEYS: audit, audit:doc. ARGV: person-set prefix, before (ms, exclusive), chunk size. */
export const PRUNE_AUDIT = new LuaScript(`
local seqs = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
for _, seq in ipairs(seqs) do
  local json = redis.call('HGET', KEYS[2], seq)
  if json then
    local e = cjson.decode(json)
    if e.personId ~= cjson.null then redis.call('ZREM', ARGV[1] .. e.personId, seq) end
    redis.call('HDEL', KEYS[2], seq)
  end
  redis.call('ZREM', KEYS[1], seq)
end
return #seqs
`);

/** KEYS: lock. ARGV: owner, ttl ms. Extends the lease only while the caller still holds it. */
export const RENEW_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

/** KEYS: lock. ARGV: from, to, ttl ms. Hands the lock over only while `from` holds it. */
export const TAKE_OVER_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
`);

/** KEYS: lock. ARGV: owner. Deletes the lock only when the caller holds it. */
export const RELEASE_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
