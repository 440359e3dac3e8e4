package gambit.auth;

import gambit.node.RedisStore;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Refresh sessions in Redis. A session is a token family: login opens it with a first refresh
 * token; every refresh rotates it, replacing the live token with a new one; logout deletes it.
 *
 * <p>A refresh token is {@code <family id>.<secret>}: 128 random bits naming the family and 256
 * random bits of secret, both base64url. It is opaque to clients. Redis keeps only the SHA-256 of
 * the live token (see {@link AuthKeys#session}), with a TTL of {@code refresh-token-ttl} from the
 * last rotation, so a leaked Redis dump holds no usable token.
 *
 * <p>Reuse detection: a token that names a live family but is not its live token can only be an
 * already-rotated one (or one forged by someone who saw the family id, which lives only in
 * tokens): either way a token of this family leaked, so the whole family is revoked and both the
 * thief and the user must log in again. Each operation is one Lua script on one key, so it is
 * atomic; two refreshes racing with the same token make one winner and then revoke the family,
 * which a client avoids by not retrying a refresh in parallel.
 *
 * <p>Stages fail with {@link gambit.node.StoreUnavailableException} when Redis is unreachable.
 * Thread-safe.
 */
public final class RefreshSessions {

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  // Scripts go with EVAL each time: they are small, and EVAL needs no NOSCRIPT handling after a
  // Redis restart (Redis 7 forgets loaded scripts).
  private static final String OPEN = """
      redis.call('HSET', KEYS[1], 'current', ARGV[1], 'user', ARGV[2], 'name', ARGV[3],
        'created', ARGV[4], 'rotated', ARGV[4])
      redis.call('PEXPIRE', KEYS[1], ARGV[5])
      return 1
      """;
  private static final String ROTATE = """
      local current = redis.call('HGET', KEYS[1], 'current')
      if not current then return {'missing'} end
      if current ~= ARGV[1] then
        local user = redis.call('HGET', KEYS[1], 'user')
        redis.call('DEL', KEYS[1])
        return {'reused', user}
      end
      redis.call('HSET', KEYS[1], 'current', ARGV[2], 'rotated', ARGV[3])
      redis.call('PEXPIRE', KEYS[1], ARGV[4])
      return {'rotated', redis.call('HGET', KEYS[1], 'user'), redis.call('HGET', KEYS[1], 'name')}
      """;

  private final RedisStore redis;
  private final AuthKeys keys;
  private final Duration ttl;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public RefreshSessions(RedisStore redis, AuthKeys keys, Duration ttl, Clock clock) {
    this.redis = redis;
    this.keys = keys;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** How long a refresh token lives after it was issued. */
  public Duration ttl() {
    return ttl;
  }

  /** Opens a new session for the user; completes with its first refresh token. */
  public CompletionStage<String> open(String userId, String username) {
    String family = randomText(16);
    String token = family + "." + randomText(32);
    String[] args = {sha256(token), userId, username, now(), Long.toString(ttl.toMillis())};
    return redis.<Long>run(commands -> commands.eval(OPEN, ScriptOutputType.INTEGER,
            new String[] {keys.session(family)}, args))
        .thenApply(done -> token);
  }

  /** Replaces the presented token with a new one, or says why it cannot. */
  public CompletionStage<Rotation> rotate(String token) {
    if (!TOKEN.matcher(token).matches()) {
      return CompletableFuture.completedFuture(new Invalid());
    }
    String family = familyOf(token);
    String next = family + "." + randomText(32);
    String[] args = {sha256(token), sha256(next), now(), Long.toString(ttl.toMillis())};
    return redis.<List<Object>>run(commands -> commands.eval(ROTATE, ScriptOutputType.MULTI,
            new String[] {keys.session(family)}, args))
        .thenApply(reply -> switch (String.valueOf(reply.get(0))) {
          case "rotated" -> new Rotated(next, (String) reply.get(1), (String) reply.get(2));
          case "reused" -> new Reused((String) reply.get(1));
          default -> new Invalid();
        });
  }

  /**
   * Ends the session the token belongs to (also when the token is an already-rotated one, which
   * revokes the family anyway). True when a session was deleted; a malformed or unknown token is
   * no error. Only the family id is looked at: a rotated token cannot be told from a forged one
   * (only the live token's hash is kept), and {@link #rotate} revokes on either, so checking the
   * secret here would protect nothing. Knowing a family id thus ends its session but never
   * yields a token; the id lives only inside refresh tokens, never in logs or access tokens.
   */
  public CompletionStage<Boolean> revoke(String token) {
    if (!TOKEN.matcher(token).matches()) {
      return CompletableFuture.completedFuture(false);
    }
    String key = keys.session(familyOf(token));
    return redis.run(commands -> commands.del(key)).thenApply(deleted -> deleted > 0);
  }

  // ---------------------------------------------------------------- results

  /** The outcome of {@link #rotate}. */
  public sealed interface Rotation permits Rotated, Reused, Invalid {}

  /** The token was live; {@code next} replaces it. */
  public record Rotated(String next, String userId, String username) implements Rotation {}

  /** The token was already rotated: the whole family of this user's session is now revoked. */
  public record Reused(String userId) implements Rotation {}

  /** Malformed, expired, logged out or revoked. */
  public record Invalid() implements Rotation {}

  // ---------------------------------------------------------------- helpers

  private static String familyOf(String token) {
    return token.substring(0, token.indexOf('.'));
  }

  private String randomText(int bytes) {
    byte[] buffer = new byte[bytes];
    random.nextBytes(buffer);
    return BASE64URL.encodeToString(buffer);
  }

  private String now() {
    return Long.toString(clock.millis());
  }

  static String sha256(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}
