package gambit.auth;

import gambit.node.RedisStore;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Limits failed logins per username and per client address, with fixed windows kept in Redis
 * (see {@link AuthKeys#userThrottle} and {@link AuthKeys#addressThrottle}), so that the limits
 * hold across all nodes. The first failure starts a window; once a counter reaches its maximum,
 * further attempts are refused until that window ends. A successful login clears the
 * username's counter, not the address's (many users may share one address).
 *
 * <p>Counting failures, not attempts, lets a user who knows the password log in any number of
 * times. The price: an attacker can lock a name out for one window by failing on purpose; the
 * per-address limit bounds how many names one address can do that to.
 *
 * <p>Stages fail with {@link gambit.node.StoreUnavailableException} when Redis is unreachable.
 * Thread-safe.
 */
public final class LoginThrottle {

  private static final String READ = """
      local count = redis.call('GET', KEYS[1])
      if not count then return {0, 0} end
      return {tonumber(count), redis.call('PTTL', KEYS[1])}
      """;
  private static final String COUNT = """
      local count = redis.call('INCR', KEYS[1])
      if count == 1 or redis.call('PTTL', KEYS[1]) < 0 then
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
      end
      return count
      """;

  private final RedisStore redis;
  private final AuthKeys keys;
  private final AuthSettings.Limit perUser;
  private final AuthSettings.Limit perAddress;

  public LoginThrottle(RedisStore redis, AuthKeys keys, AuthSettings.Limit perUser,
      AuthSettings.Limit perAddress) {
    this.redis = redis;
    this.keys = keys;
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  /**
   * How long the caller must wait before trying again, or empty when it may try now.
   *
   * @param canonicalUsername the lower-cased name, or empty when it is not a well-formed name
   * @param address the client's address
   */
  public CompletionStage<Optional<Duration>> check(Optional<String> canonicalUsername,
      String address) {
    CompletionStage<Optional<Duration>> byAddress =
        blockedFor(keys.addressThrottle(address), perAddress);
    CompletionStage<Optional<Duration>> byUser = canonicalUsername
        .map(name -> blockedFor(keys.userThrottle(name), perUser))
        .orElse(CompletableFuture.completedFuture(Optional.empty()));
    return byAddress.thenCombine(byUser, LoginThrottle::longer);
  }

  /** Counts a failed login against the name (when well-formed) and the address. */
  public CompletionStage<Void> failed(Optional<String> canonicalUsername, String address) {
    CompletionStage<Long> byAddress = count(keys.addressThrottle(address), perAddress);
    CompletionStage<Long> byUser = canonicalUsername
        .map(name -> count(keys.userThrottle(name), perUser))
        .orElse(CompletableFuture.completedFuture(0L));
    return byAddress.thenCombine(byUser, (a, b) -> null);
  }

  /** Clears the name's failures after a successful login. */
  public CompletionStage<Void> succeeded(String canonicalUsername) {
    String key = keys.userThrottle(canonicalUsername);
    return redis.run(commands -> commands.del(key)).thenApply(deleted -> null);
  }

  private CompletionStage<Optional<Duration>> blockedFor(String key, AuthSettings.Limit limit) {
    return redis.<List<Long>>run(commands -> commands.eval(READ, ScriptOutputType.MULTI,
            new String[] {key}))
        .thenApply(reply -> {
          long failures = reply.get(0);
          long millisLeft = reply.get(1);
          return failures >= limit.maxFailures() && millisLeft > 0
              ? Optional.of(Duration.ofMillis(millisLeft)) : Optional.empty();
        });
  }

  private CompletionStage<Long> count(String key, AuthSettings.Limit limit) {
    String window = Long.toString(limit.window().toMillis());
    return redis.run(commands -> commands.eval(COUNT, ScriptOutputType.INTEGER,
        new String[] {key}, window));
  }

  private static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) >= 0 ? a : b;
  }
}
