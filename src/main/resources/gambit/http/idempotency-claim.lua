-- Claims an Idempotency-Key for one order request, or reads the claim that exists.
-- KEYS[1]  the key's hash (see gambit.trading.TradingKeys#idempotency)
-- ARGV[1]  SHA-256 of the request, ARGV[2] the order id to place, ARGV[3] until when (epoch ms)
--          the claimant may work on it before others take over, ARGV[4] the key's TTL in ms
-- Returns {} when the claim is new (the caller places the order), else the stored
-- {request, order, deadline, status, body}; status "0" means "not answered yet".
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('HMGET', KEYS[1], 'request', 'order', 'deadline', 'status', 'body')
end
redis.call('HSET', KEYS[1], 'request', ARGV[1], 'order', ARGV[2], 'deadline', ARGV[3],
  'status', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return {}
