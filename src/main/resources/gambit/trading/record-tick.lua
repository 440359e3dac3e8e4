-- Records one tick of one instrument: its last price and its candles, atomically.
-- KEYS[1]     the instrument's last-price string "<price>:<epoch ms>"
-- KEYS[2..n]  one candle sorted set per interval (score = bucket start in epoch ms, member =
--             "<start>:<open>:<high>:<low>:<close>:<ticks>:<first tick ms>:<last tick ms>")
-- ARGV[1]     the price in plain notation (kept as sent; compared as a number, which is exact
--             for the <= 15 significant digits that catalogue prices have)
-- ARGV[2]     the tick's time in epoch ms
-- ARGV[2i-1], ARGV[2i] for KEYS[i], i >= 2: the bucket start and how many candles to keep
-- Returns 1 if the last price changed, 0 if a newer tick was already recorded.
local price = ARGV[1]
local p = tonumber(price)
local t = tonumber(ARGV[2])

local function split(member)
  local parts = {}
  for part in string.gmatch(member, '[^:]+') do
    parts[#parts + 1] = part
  end
  return parts
end

local newer = true
local last = redis.call('GET', KEYS[1])
if last then
  local stored = split(last)
  if tonumber(stored[2]) > t then
    newer = false
  end
end
if newer then
  redis.call('SET', KEYS[1], price .. ':' .. ARGV[2])
end

for i = 2, #KEYS do
  local start = ARGV[2 * i - 1]
  local keep = tonumber(ARGV[2 * i])
  local found = redis.call('ZRANGEBYSCORE', KEYS[i], start, start)
  local member
  if #found == 0 then
    member = table.concat({start, price, price, price, price, '1', ARGV[2], ARGV[2]}, ':')
  else
    local c = split(found[1])
    if p > tonumber(c[3]) then c[3] = price end
    if p < tonumber(c[4]) then c[4] = price end
    if t < tonumber(c[7]) then c[2] = price; c[7] = ARGV[2] end
    if t >= tonumber(c[8]) then c[5] = price; c[8] = ARGV[2] end
    c[6] = string.format('%d', tonumber(c[6]) + 1)
    redis.call('ZREM', KEYS[i], found[1])
    member = table.concat(c, ':')
  end
  redis.call('ZADD', KEYS[i], start, member)
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -keep - 1)
end
if newer then return 1 else return 0 end
