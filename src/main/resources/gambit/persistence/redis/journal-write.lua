-- Appends one AtomicWrite to a persistence id's journal, all or nothing, or refuses it.
--
-- KEYS[1]  <prefix>:j:{<id>}:events  sorted set, score = sequence number, member = record
-- KEYS[2]  <prefix>:j:{<id>}:hsn     highest sequence number ever written (decimal string)
-- KEYS[3]  <prefix>:j:{<id>}:untagged (only for a write with tags) sorted set, score = first,
--          member = "<first>:<last>": the write's tag entries are still to be recorded; the
--          writer removes the member once they are, a recovery of the id finishes the job
-- ARGV[1]  first sequence number of the write (decimal)
-- ARGV[2]  last sequence number of the write (decimal)
-- ARGV[3..] the encoded records, one per sequence number, first..last in order
--
-- Returns {status, stored highest sequence number before this call}:
--   1  written: first was the stored highest + 1
--   2  already stored: the very same records are stored at first..last (a re-sent command),
--      nothing changed
--   0  refused: first does not follow the stored highest, nothing changed
-- Sequence numbers stay below 2^53, so Lua's doubles hold them exactly.

local hsn = tonumber(redis.call('GET', KEYS[2]) or '0')
local first = tonumber(ARGV[1])
local last = tonumber(ARGV[2])
local count = #ARGV - 2

if first == hsn + 1 then
  -- ZADD in slices: unpack() of a whole large write would overflow Lua's C stack
  local slice = {}
  for i = 1, count do
    slice[#slice + 1] = first + i - 1
    slice[#slice + 1] = ARGV[i + 2]
    if #slice == 512 or i == count then
      redis.call('ZADD', KEYS[1], unpack(slice))
      slice = {}
    end
  end
  redis.call('SET', KEYS[2], ARGV[2])
  if #KEYS == 3 then
    redis.call('ZADD', KEYS[3], first, ARGV[1] .. ':' .. ARGV[2])
  end
  return {1, hsn}
end

if last <= hsn then
  local stored = redis.call('ZRANGEBYSCORE', KEYS[1], first, last)
  if #stored == count then
    for i = 1, count do
      if stored[i] ~= ARGV[i + 2] then
        return {0, hsn}
      end
    end
    return {2, hsn}
  end
end

return {0, hsn}
