-- Finds the newest snapshot (highest sequence number) within the given bounds. Walks the index
-- from the upper sequence-number bound downwards, a page at a time, and reads only the one record
-- it returns.
--
-- KEYS[1]  <prefix>:s:{<id>}:index  (see snapshot-save.lua)
-- KEYS[2]  <prefix>:s:{<id>}:data
-- ARGV[1]  highest sequence number, decimal (inclusive)
-- ARGV[2]  lowest sequence number, decimal (inclusive)
-- ARGV[3]  latest timestamp, decimal epoch milliseconds (inclusive)
-- ARGV[4]  earliest timestamp, decimal epoch milliseconds (inclusive)
--
-- Returns {sequence number, timestamp, record}, or an empty array when nothing matches.

local index, data = KEYS[1], KEYS[2]
local maxTs, minTs = tonumber(ARGV[3]), tonumber(ARGV[4])
local page, offset = 64, 0

while true do
  local members = redis.call('ZREVRANGEBYSCORE', index, ARGV[1], ARGV[2], 'LIMIT', offset, page)
  for _, member in ipairs(members) do
    local seq, ts = string.match(member, '^(%d+):(%d+)$')
    local t = tonumber(ts)
    if t and t <= maxTs and t >= minTs then
      local record = redis.call('HGET', data, seq)
      if record then
        return {seq, ts, record}
      end
    end
  end
  if #members < page then
    return {}
  end
  offset = offset + page
end
