-- Records the answer to a claimed order request, or gives the claim up.
-- KEYS[1]  the key's hash; ARGV[1] the order id the caller placed
-- ARGV[2]  the answer's status, or "0" to give the claim up (others may take over at once)
-- ARGV[3]  the answer's body (ignored when giving up)
-- ARGV[4]  in ms: an answer is kept this long (the key's TTL, counted again from the answer);
--          a given-up claim at most this long (short: nothing was done, and a client refused
--          again and again, e.g. by the order rate, must not pile up day-long keys)
-- Only the claim of that order id is touched, and giving up never undoes a recorded answer.
-- Returns 1 if it wrote, else 0.
if redis.call('HGET', KEYS[1], 'order') ~= ARGV[1] then
  return 0
end
if ARGV[2] == '0' then
  if redis.call('HGET', KEYS[1], 'status') ~= '0' then
    return 0
  end
  redis.call('HSET', KEYS[1], 'deadline', '0')
  if redis.call('PTTL', KEYS[1]) > tonumber(ARGV[4]) then
    redis.call('PEXPIRE', KEYS[1], ARGV[4])
  end
else
  redis.call('HSET', KEYS[1], 'status', ARGV[2], 'body', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 1
