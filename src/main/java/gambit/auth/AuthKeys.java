package gambit.auth;

/**
 * Every Redis key the auth area writes, in one place. {@code <prefix>} is
 * {@code gambit.auth.redis-key-prefix} ({@code gambit:auth} by default). Each key is used alone
 * (no command or script touches two), so all of them work on Redis Cluster.
 *
 * <pre>
 * &lt;prefix&gt;:account:&lt;lower-case name&gt;
 *     string, JSON of {@link Accounts.Account}; written once with SET NX (uniqueness), no TTL
 * &lt;prefix&gt;:session:&lt;family id&gt;
 *     hash of one refresh session (a token family): current = SHA-256 hex of the live refresh
 *     token, user, name, created, rotated (epoch ms); TTL = refresh-token-ttl, renewed on
 *     every rotation
 * &lt;prefix&gt;:throttle:login-user:&lt;lower-case name&gt;
 *     hash of a name's login attempts ({@link AttemptCounter}): failed = confirmed failures,
 *     p:&lt;attempt id&gt; = epoch ms at which a check in flight lapses; TTL = per-username
 *     window, set by the first attempt that finds no key
 * &lt;prefix&gt;:throttle:login-addr:&lt;client address&gt;
 *     the same for an address; TTL = per-address window
 * &lt;prefix&gt;:throttle:register:&lt;client address&gt;
 *     string, registration attempts from an address; TTL = register-throttle window, set by the
 *     first attempt
 * &lt;prefix&gt;:usernames
 *     sorted set of every registered name for the player search ({@link UsernameIndex}): score
 *     0, member "&lt;lower-case name&gt;:&lt;name as registered&gt;"; no TTL
 * &lt;prefix&gt;:usernames:complete
 *     string "1", set once a backfill of the index from the account keys has finished; no TTL
 * </pre>
 */
public final class AuthKeys {

  private final String prefix;

  public AuthKeys(String prefix) {
    this.prefix = prefix;
  }

  public String account(String canonicalUsername) {
    return prefix + ":account:" + canonicalUsername;
  }

  public String session(String familyId) {
    return prefix + ":session:" + familyId;
  }

  public String userThrottle(String canonicalUsername) {
    // not the old "throttle:user:" (a string counter): a new type needs a new name
    return prefix + ":throttle:login-user:" + canonicalUsername;
  }

  public String addressThrottle(String address) {
    return prefix + ":throttle:login-addr:" + address;
  }

  public String registerThrottle(String address) {
    return prefix + ":throttle:register:" + address;
  }

  public String usernames() {
    return prefix + ":usernames";
  }

  public String usernamesComplete() {
    return prefix + ":usernames:complete";
  }
}
