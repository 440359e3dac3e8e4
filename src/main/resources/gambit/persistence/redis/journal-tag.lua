-- Records events under one tag, in a global order per tag, once each.
--
-- KEYS[1]  <prefix>:t:{<tag>}:events  sorted set, score = tag offset, member = "<id>:<seq nr>"
-- KEYS[2]  <prefix>:t:{<tag>}:offset  last offset handed out for the tag (INCR counter)
-- ARGV     the members to add, in sequence number order
--
-- A member that is already present keeps its offset (a retried write adds nothing), so every
-- event appears once per tag, at the offset of its first recording. Returns how many members
-- were added.

local added = 0
for i = 1, #ARGV do
  if not redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], redis.call('INCR', KEYS[2]), ARGV[i])
    added = added + 1
  end
end
return added
