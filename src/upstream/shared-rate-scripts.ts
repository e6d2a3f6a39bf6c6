/**
 * The Lua scripts behind the shared rate store. Each runs atomically in Redis, so two replicas can never
 * both take the last slot. Times are the caller's clock (ARGV), not Redis TIME: the intervals are scaled in
 * tests, and the local gate reads the same clock.
 *
 * Keys of one limiter: a sorted set of requests in flight (member → send time), one sorted set of finished
 * requests per window (member → finish time), a hash for the token bucket (level, at), and a string holding
 * the time until which the upstream asked everyone to pause. Every key carries a PEXPIRE, so an idle
 * limiter's keys vanish on their own.
 *
 * A request counts against every window from the moment it is taken (in flight, however long it takes) and
 * is stamped with its finish time once it finishes, as the local RateGate does: an upstream counts a request
 * when it arrives, after we send it and before its answer reaches us, so the finish stamp keeps our count at
 * or above the upstream's.
 */

/**
 * KEYS: flight, pause, bucket, then one per window.
 * ARGV: now, member, flightLeaseMs, bucketCapacity (0: none), bucketRefillMs, pollMs, then limit and span
 * per window.
 * Returns 0 when admitted (the member is now in flight, the bucket spent), else the wait in ms.
 */
export const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local lease = tonumber(ARGV[3])
local capacity = tonumber(ARGV[4])
local refill = tonumber(ARGV[5])
local poll = tonumber(ARGV[6])
local at = now
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > at then at = paused end
-- A replica that stopped mid-request never finishes it; past the lease it no longer counts.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - lease)
local flying = redis.call('ZCARD', KEYS[1])
for i = 4, #KEYS do
  local limit = tonumber(ARGV[7 + (i - 4) * 2])
  local span = tonumber(ARGV[8 + (i - 4) * 2])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - span)
  if flying >= limit then
    -- Every slot is in flight: only a finish frees one.
    at = math.max(at, now + poll)
  else
    -- The slot frees when the finished entry that would make limit + 1 ages out of the window.
    local index = redis.call('ZCARD', KEYS[i]) - (limit - flying)
    if index >= 0 then
      local entry = redis.call('ZRANGE', KEYS[i], index, index, 'WITHSCORES')
      at = math.max(at, tonumber(entry[2]) + span)
    end
  end
end
local level = capacity
if capacity > 0 then
  local state = redis.call('HMGET', KEYS[3], 'level', 'at')
  if state[1] then
    level = tonumber(state[1])
    local since = tonumber(state[2])
    if now > since then level = math.min(capacity, level + (now - since) / refill) end
  end
  if level < 1 then at = math.max(at, now + (1 - level) * refill) end
end
if at > now then return math.max(1, math.ceil(at - now)) end
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], math.ceil(lease))
if capacity > 0 then
  level = level - 1
  redis.call('HSET', KEYS[3], 'level', tostring(level), 'at', tostring(now))
  -- Once full again the bucket is the same as no bucket.
  redis.call('PEXPIRE', KEYS[3], math.ceil((capacity - level) * refill) + 1)
end
return 0
`;

/**
 * KEYS: flight, then one per window. ARGV: now, member, then the span per window.
 * Moves the member out of flight and into every window, scored at the finish time.
 */
export const FINISH_SCRIPT = `
local now = tonumber(ARGV[1])
redis.call('ZREM', KEYS[1], ARGV[2])
for i = 2, #KEYS do
  local span = tonumber(ARGV[i + 1])
  redis.call('ZADD', KEYS[i], now, ARGV[2])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - span)
  redis.call('PEXPIRE', KEYS[i], math.ceil(span) + 1000)
end
return 1
`;

/** KEYS: pause. ARGV: now, until. Extends the pause, never shortens it. */
export const PAUSE_SCRIPT = `
local now = tonumber(ARGV[1])
local resume = tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if resume > current and resume > now then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', math.ceil(resume - now))
end
return 1
`;
