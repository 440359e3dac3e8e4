package gambit.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.node.RedisStore;
import io.lettuce.core.SetArgs;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accounts in Redis, one JSON string per account under the lower-cased name (see
 * {@link AuthKeys#account}). Creation is a single {@code SET NX}, so two nodes registering
 * {@code Alice} and {@code alice} at the same moment cannot both succeed; the name then goes into
 * the {@link UsernameIndex}. Stages fail with
 * {@link gambit.node.StoreUnavailableException} when Redis is unreachable. Thread-safe.
 */
public final class Accounts {

  private static final Logger log = LoggerFactory.getLogger(Accounts.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final RedisStore redis;
  private final AuthKeys keys;
  private final UsernameIndex usernames;

  public Accounts(RedisStore redis, AuthKeys keys) {
    this.redis = redis;
    this.keys = keys;
    this.usernames = new UsernameIndex(redis, keys);
  }

  /** The index of every registered name, for the player search. */
  public UsernameIndex usernames() {
    return usernames;
  }

  /**
   * A stored account. Unknown JSON fields are ignored on reading, so later versions may add
   * fields without breaking older nodes.
   *
   * @param userId stable random id (UUID)
   * @param username the name as registered
   * @param passwordHash see {@link Passwords}
   * @param createdAt epoch milliseconds
   */
  public record Account(String userId, String username, String passwordHash, long createdAt) {}

  /** True when the name (any case) is taken. */
  public CompletionStage<Boolean> exists(String username) {
    String key = keys.account(AccountRules.canonical(username));
    return redis.run(commands -> commands.exists(key)).thenApply(count -> count > 0);
  }

  /**
   * Stores the account unless its name (any case) is taken, then adds the name to the
   * {@link UsernameIndex}; true when it was stored.
   */
  public CompletionStage<Boolean> create(Account account) {
    String key = keys.account(AccountRules.canonical(account.username()));
    String json = write(account);
    return redis.run(commands -> commands.set(key, json, SetArgs.Builder.nx()))
        .thenCompose(reply -> "OK".equals(reply)
            ? usernames.add(account.username())
                .handle((indexed, error) -> indexed(account, error))
            : CompletableFuture.completedFuture(false));
  }

  /** The account is stored either way: a name missing from the search is not worth a 503. */
  private static boolean indexed(Account account, Throwable error) {
    if (error != null) {
      log.warn("Account {} is stored but not in the username index, so the player search"
          + " misses it: {}", account.username(), error.getMessage());
    }
    return true;
  }

  /** The account with this name (any case), if there is one. */
  public CompletionStage<Optional<Account>> find(String username) {
    String key = keys.account(AccountRules.canonical(username));
    return redis.run(commands -> commands.get(key))
        .thenApply(json -> Optional.ofNullable(json).map(Accounts::read));
  }

  private static String write(Account account) {
    try {
      return JSON.writeValueAsString(account);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an account", e);
    }
  }

  static Account read(String json) {
    try {
      return JSON.readValue(json, Account.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored account is not readable JSON", e);
    }
  }
}
