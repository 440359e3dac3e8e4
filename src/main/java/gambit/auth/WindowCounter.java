package gambit.auth;

import gambit.node.RedisStore;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Fixed-window counters in Redis, one string key each, for the registration throttle (the
 * login throttle tells failures from checks in flight: {@link AttemptCounter}). The first
 * counted attempt starts the window (the key's TTL); at the limit, nothing more is counted and
 * the caller learns how long the window still runs. Each operation is one Lua script on one
 * key, so the compare and the increment are atomic across all nodes and the keys work on Redis
 * Cluster.
 *
 * <p>Stages fail with {@link gambit.node.StoreUnavailableException} when Redis is unreachable.
 * Thread-safe.
 */
final class WindowCounter {

  /** At the limit: {0, ms left}; else counts the attempt, starting a window: {count, 0}. */
  private static final String RESERVE = """
      local count = tonumber(redis.call('GET', KEYS[1]) or '0')
      local left = redis.call('PTTL', KEYS[1])
      if count >= tonumber(ARGV[2]) and left > 0 then return {0, left} end
      count = redis.call('INCR', KEYS[1])
      if count == 1 or left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return {count, 0}
      """;

  private final RedisStore redis;

  WindowCounter(RedisStore redis) {
    this.redis = redis;
  }

  /** Counts one attempt; or, at the limit, counts nothing and answers the time left. */
  CompletionStage<Optional<Duration>> reserve(String key, AuthSettings.Limit limit) {
    String window = Long.toString(limit.window().toMillis());
    String max = Integer.toString(limit.max());
    return redis.<List<Long>>run(commands -> commands.eval(RESERVE, ScriptOutputType.MULTI,
            new String[] {key}, window, max))
        .thenApply(reply -> reply.get(0) == 0
            ? Optional.of(Duration.ofMillis(reply.get(1))) : Optional.<Duration>empty());
  }
}
