-- Consumes the sequence numbers of a rejected AtomicWrite (its event could not be serialized,
-- so nothing is stored), so that the writer's next write, which follows them, is accepted.
--
-- KEYS[1]  <prefix>:j:{<id>}:hsn  highest sequence number ever written (decimal string)
-- ARGV[1]  first sequence number of the rejected write (decimal)
-- ARGV[2]  last sequence number of the rejected write (decimal)
--
-- Moves the highest sequence number to last only when first directly follows it; otherwise
-- (another writer got there first, or this is a repeat) nothing changes. Returns the stored
-- highest sequence number after the call.

local hsn = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) == hsn + 1 then
  redis.call('SET', KEYS[1], ARGV[2])
  return tonumber(ARGV[2])
end
return hsn
