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
 * hold across all nodes. The first counted attempt starts a window; once a counter reaches its
 * maximum, further attempts are refused until that window ends. A successful login clears the
 * username's counter and gives the address its attempt back (many users may share an address).
 *
 * <p>Every attempt {@link #reserve reserves} its place in both counters before the password is
 * checked, in one Lua script per key that compares and increments atomically. A burst of
 * parallel logins therefore cannot check more passwords than the limit allows: counting only
 * after a failed check would let every request of the burst pass the check first.
 *
 * <p>Counting failures, not attempts, lets a user who knows the password log in any number of
 * times. The price: an attacker can lock a name out for one window by failing on purpose; the
 * per-address limit bounds how many names one address can do that to. An attempt that fails
 * for another reason (Redis gone, the hashing pool full) keeps or returns its reservation as
 * {@link AuthService} decides; a reservation kept by mistake costs one attempt, never more.
 *
 * <p>Stages fail with {@link gambit.node.StoreUnavailableException} when Redis is unreachable.
 * Thread-safe.
 */
public final class LoginThrottle {

  /** At the limit: {0, ms left}; else counts the attempt, starting a window: {count, 0}. */
  private static final String RESERVE = """
      local count = tonumber(redis.call('GET', KEYS[1]) or '0')
      local left = redis.call('PTTL', KEYS[1])
      if count >= tonumber(ARGV[2]) and left > 0 then return {0, left} end
      count = redis.call('INCR', KEYS[1])
      if count == 1 or left < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return {count, 0}
      """;
  /** Gives one reserved attempt back, unless the window has ended meanwhile. */
  private static final String RELEASE = """
      local count = tonumber(redis.call('GET', KEYS[1]) or '0')
      if count > 0 then redis.call('DECR', KEYS[1]) end
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
   * Counts one login attempt against the address and, when well-formed, the name; or, when
   * either is at its limit, counts nothing and answers how long the caller must wait. Once it
   * answers empty, the attempt stays counted as a failure until {@link #succeeded} or
   * {@link #release}.
   *
   * @param canonicalUsername the lower-cased name, or empty when it is not a well-formed name
   * @param address the client's address
   */
  public CompletionStage<Optional<Duration>> reserve(Optional<String> canonicalUsername,
      String address) {
    return reserve(keys.addressThrottle(address), perAddress).thenCompose(byAddress -> {
      if (byAddress.isPresent() || canonicalUsername.isEmpty()) {
        return CompletableFuture.completedFuture(byAddress);
      }
      return reserve(keys.userThrottle(canonicalUsername.get()), perUser)
          .thenCompose(byUser -> byUser.isEmpty()
              ? CompletableFuture.completedFuture(byUser)
              : release(keys.addressThrottle(address)).thenApply(done -> byUser));
    });
  }

  /** Clears the name's failures and returns the address's attempt after a successful login. */
  public CompletionStage<Void> succeeded(String canonicalUsername, String address) {
    String key = keys.userThrottle(canonicalUsername);
    return redis.run(commands -> commands.del(key))
        .thenCompose(deleted -> release(keys.addressThrottle(address)));
  }

  /** Returns a reserved attempt that checked no password (e.g. the hashing pool was full). */
  public CompletionStage<Void> release(Optional<String> canonicalUsername, String address) {
    CompletionStage<Void> byAddress = release(keys.addressThrottle(address));
    return canonicalUsername.map(name -> byAddress.thenCompose(
        done -> release(keys.userThrottle(name)))).orElse(byAddress);
  }

  private CompletionStage<Optional<Duration>> reserve(String key, AuthSettings.Limit limit) {
    String window = Long.toString(limit.window().toMillis());
    String max = Integer.toString(limit.maxFailures());
    return redis.<List<Long>>run(commands -> commands.eval(RESERVE, ScriptOutputType.MULTI,
            new String[] {key}, window, max))
        .thenApply(reply -> reply.get(0) == 0
            ? Optional.of(Duration.ofMillis(reply.get(1))) : Optional.<Duration>empty());
  }

  private CompletionStage<Void> release(String key) {
    return redis.<Long>run(commands -> commands.eval(RELEASE, ScriptOutputType.INTEGER,
        new String[] {key})).thenApply(count -> null);
  }
}
