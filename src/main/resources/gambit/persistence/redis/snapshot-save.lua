-- Saves one snapshot and prunes the oldest ones, all in one atomic step.
--
-- KEYS[1]  <prefix>:s:{<id>}:index  sorted set: score = sequence number,
--                                   member = "<sequence number>:<timestamp>"
-- KEYS[2]  <prefix>:s:{<id>}:data   hash: field = "<sequence number>", value = snapshot record
-- ARGV[1]  sequence number, decimal
-- ARGV[2]  timestamp in epoch milliseconds, decimal
-- ARGV[3]  the snapshot record (binary)
-- ARGV[4]  keep: how many snapshots to keep, highest sequence numbers first; 0 = all
--
-- Returns how many older snapshots were pruned.

local index, data = KEYS[1], KEYS[2]
local seq = ARGV[1]

-- A snapshot saved again under the same sequence number replaces the old one; its index member
-- carries the old timestamp, so remove it by score rather than by member.
redis.call('ZREMRANGEBYSCORE', index, seq, seq)
redis.call('ZADD', index, seq, seq .. ':' .. ARGV[2])
redis.call('HSET', data, seq, ARGV[3])

local keep = tonumber(ARGV[4])
if keep == 0 then
  return 0
end
local excess = redis.call('ZCARD', index) - keep
if excess <= 0 then
  return 0
end
local oldest = redis.call('ZRANGE', index, 0, excess - 1)
for _, member in ipairs(oldest) do
  redis.call('HDEL', data, string.match(member, '^[^:]+'))
end
redis.call('ZREMRANGEBYRANK', index, 0, excess - 1)
return excess
