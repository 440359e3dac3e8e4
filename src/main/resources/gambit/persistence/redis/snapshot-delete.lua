-- Deletes every snapshot within the given bounds, atomically. Deleting one snapshot is the same
-- call with both sequence-number bounds equal.
--
-- KEYS[1]  <prefix>:s:{<id>}:index  (see snapshot-save.lua)
-- KEYS[2]  <prefix>:s:{<id>}:data
-- ARGV[1]  highest sequence number, decimal (inclusive)
-- ARGV[2]  lowest sequence number, decimal (inclusive)
-- ARGV[3]  latest timestamp, decimal epoch milliseconds (inclusive)
-- ARGV[4]  earliest timestamp, decimal epoch milliseconds (inclusive)
--
-- Returns how many snapshots were deleted.

local index, data = KEYS[1], KEYS[2]
local maxTs, minTs = tonumber(ARGV[3]), tonumber(ARGV[4])
local deleted = 0

for _, member in ipairs(redis.call('ZRANGEBYSCORE', index, ARGV[2], ARGV[1])) do
  local seq, ts = string.match(member, '^(%d+):(%d+)$')
  local t = tonumber(ts)
  if t and t <= maxTs and t >= minTs then
    redis.call('ZREM', index, member)
    redis.call('HDEL', data, seq)
    deleted = deleted + 1
  end
end
return deleted
