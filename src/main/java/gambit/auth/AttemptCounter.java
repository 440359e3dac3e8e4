package gambit.auth;

import gambit.node.RedisStore;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Login attempts of one name or one address in Redis, one hash per key so that every operation
 * is one Lua script on one key (atomic across nodes, and fine on Redis Cluster). The hash keeps
 * two kinds of entries apart:
 *
 * <ul>
 *   <li>{@code failed}: the failures confirmed in the current window; the key's TTL is the
 *       window, set by the first attempt that finds no key;
 *   <li>{@code p:<attempt id>}: one entry per attempt whose password is being checked right
 *       now, valued with the epoch millisecond at which it lapses. A check that never reports
 *       (its node died) stops holding a place after that, not after the whole window.
 * </ul>
 *
 * A reservation is granted only while confirmed failures plus checks in flight stay below the
 * limit, so a burst of parallel attempts cannot check more passwords than the limit; but only
 * confirmed failures make the long refusal, so correct logins, or attempts refused for load,
 * never cost the name its window. Thread-safe; stages fail with
 * {@link gambit.node.StoreUnavailableException} when Redis is unreachable.
 */
final class AttemptCounter {

  /**
   * Drops lapsed checks; then {1, ms left} when the failures fill the limit, {2, 0} when the
   * checks in flight fill the rest, else records the attempt's check: {0, 0}.
   */
  private static final String RESERVE = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local entries = redis.call('HGETALL', KEYS[1])
      local failed, pending = 0, 0
      for i = 1, #entries, 2 do
        if entries[i] == 'failed' then failed = tonumber(entries[i + 1])
        elseif tonumber(entries[i + 1]) <= now then redis.call('HDEL', KEYS[1], entries[i])
        else pending = pending + 1 end
      end
      local max = tonumber(ARGV[2])
      local left = redis.call('PTTL', KEYS[1])
      if failed >= max and left > 0 then return {1, left} end
      if failed + pending >= max then return {2, 0} end
      redis.call('HSET', KEYS[1], 'p:' .. ARGV[3], now + tonumber(ARGV[4]))
      if left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return {0, 0}
      """;
  /**
   * Ends an attempt's check; ARGV[2] says how: 'failed' adds a failure (starting a window if
   * the old one ended meanwhile), 'cleared' forgets the failures, 'released' only ends the
   * check. A hash left empty is deleted by Redis itself.
   */
  private static final String SETTLE = """
      redis.call('HDEL', KEYS[1], 'p:' .. ARGV[1])
      if ARGV[2] == 'failed' then
        redis.call('HINCRBY', KEYS[1], 'failed', 1)
        if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
      elseif ARGV[2] == 'cleared' then
        redis.call('HDEL', KEYS[1], 'failed')
      end
      return redis.call('HLEN', KEYS[1])
      """;

  /** What {@link #reserve} decided. */
  enum Answer { RESERVED, FAILURES_AT_LIMIT, CHECKS_IN_FLIGHT }

  /** @param timeLeft the window's rest, only for {@link Answer#FAILURES_AT_LIMIT} */
  record Decision(Answer answer, Duration timeLeft) {}

  /** How an attempt's check ended. */
  enum Outcome { FAILED, CLEARED, RELEASED }

  private final RedisStore redis;
  private final Duration lapse;

  /**
   * @param lapse how long a check in flight holds its place at most: longer than any check
   *     can take, short enough that a node that died mid-check frees it soon
   */
  AttemptCounter(RedisStore redis, Duration lapse) {
    this.redis = redis;
    this.lapse = lapse;
  }

  /** Records attempt {@code attemptId} as a check in flight, or says why not. */
  CompletionStage<Decision> reserve(String key, AuthSettings.Limit limit, String attemptId) {
    return redis.<List<Long>>run(commands -> commands.eval(RESERVE, ScriptOutputType.MULTI,
            new String[] {key}, Long.toString(limit.window().toMillis()),
            Integer.toString(limit.max()), attemptId, Long.toString(lapse.toMillis())))
        .thenApply(reply -> new Decision(Answer.values()[reply.get(0).intValue()],
            Duration.ofMillis(reply.get(1))));
  }

  /** Ends the check of attempt {@code attemptId} with {@code outcome}. */
  CompletionStage<Void> settle(String key, AuthSettings.Limit limit, String attemptId,
      Outcome outcome) {
    return redis.<Long>run(commands -> commands.eval(SETTLE, ScriptOutputType.INTEGER,
            new String[] {key}, attemptId, outcome.name().toLowerCase(java.util.Locale.ROOT),
            Long.toString(limit.window().toMillis())))
        .thenApply(entries -> null);
  }
}
