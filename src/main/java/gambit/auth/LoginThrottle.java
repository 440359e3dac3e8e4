package gambit.auth;

import gambit.node.RedisStore;
import java.time.Duration;
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

  private final WindowCounter counters;
  private final AuthKeys keys;
  private final AuthSettings.Limit perUser;
  private final AuthSettings.Limit perAddress;

  public LoginThrottle(RedisStore redis, AuthKeys keys, AuthSettings.Limit perUser,
      AuthSettings.Limit perAddress) {
    this.counters = new WindowCounter(redis);
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
    return counters.clear(key).thenCompose(done -> release(keys.addressThrottle(address)));
  }

  /** Returns a reserved attempt that checked no password (e.g. the hashing pool was full). */
  public CompletionStage<Void> release(Optional<String> canonicalUsername, String address) {
    CompletionStage<Void> byAddress = release(keys.addressThrottle(address));
    return canonicalUsername.map(name -> byAddress.thenCompose(
        done -> release(keys.userThrottle(name)))).orElse(byAddress);
  }

  private CompletionStage<Optional<Duration>> reserve(String key, AuthSettings.Limit limit) {
    return counters.reserve(key, limit);
  }

  private CompletionStage<Void> release(String key) {
    return counters.release(key);
  }
}
