package gambit.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.node.RedisStore;
import io.lettuce.core.SetArgs;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Accounts in Redis, one JSON string per account under the lower-cased name (see
 * {@link AuthKeys#account}). Creation is a single {@code SET NX}, so two nodes registering
 * {@code Alice} and {@code alice} at the same moment cannot both succeed. Stages fail with
 * {@link gambit.node.StoreUnavailableException} when Redis is unreachable. Thread-safe.
 */
public final class Accounts {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final RedisStore redis;
  private final AuthKeys keys;

  public Accounts(RedisStore redis, AuthKeys keys) {
    this.redis = redis;
    this.keys = keys;
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

  /** Stores the account unless its name (any case) is taken; true when it was stored. */
  public CompletionStage<Boolean> create(Account account) {
    String key = keys.account(AccountRules.canonical(account.username()));
    String json = write(account);
    return redis.run(commands -> commands.set(key, json, SetArgs.Builder.nx()))
        .thenApply("OK"::equals);
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

  private static Account read(String json) {
    try {
      return JSON.readValue(json, Account.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored account is not readable JSON", e);
    }
  }
}
