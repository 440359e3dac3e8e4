package gambit.http;

import akka.actor.typed.ActorSystem;
import akka.pattern.Patterns;
import gambit.node.RedisScript;
import gambit.node.RedisStore;
import gambit.trading.TradingKeys;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} rules of {@code POST /api/orders}, kept in Redis so that they hold
 * across nodes and however many copies of a request arrive at once.
 *
 * <p>Each key of a user is one Redis hash ({@link TradingKeys#idempotency}) that lives for
 * {@code gambit.trading.idempotency.ttl} (24 h): the SHA-256 of the request it came with, the
 * order id reserved for it, until when its first request may work on it, and once answered the
 * answer's status and body. A request:
 *
 * <ol>
 *   <li>claims the key atomically (a script: create the hash unless it exists). The first claim
 *       reserves a new order id and places the order ({@link Claim.Place});
 *   <li>finds a claim for another request: {@link Claim.Mismatch} (422);
 *   <li>finds an answered claim: {@link Claim.Replay} of the stored answer;
 *   <li>finds an unanswered claim: polls until it is answered; if its first request gives up or
 *       runs past its deadline (a node died, an ask timed out), places the order again under
 *       the same order id ({@link Claim.Place} with {@code takeOver}). The dashboard places each
 *       order id once and answers a repeat with the order it has, so however the requests
 *       interleave there is at most one order per key.
 * </ol>
 *
 * <p>Known limit: a take-over after the order's dashboard has closed more than
 * {@value gambit.trading.model.Account#CLOSED_ORDERS_KEPT} newer orders no longer finds it there
 * and would place it again; it needs the first request to fail without an answer and 100 orders
 * to close before the retry. Thread-safe.
 */
final class OrderIdempotency {

  /** 1 to 128 of {@code A-Z a-z 0-9 . _ : -}, e.g. a UUID. */
  static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final RedisScript CLAIM =
      RedisScript.fromResource("/gambit/http/idempotency-claim.lua");
  private static final RedisScript SETTLE =
      RedisScript.fromResource("/gambit/http/idempotency-settle.lua");
  private static final Duration POLL = Duration.ofMillis(20);

  private final RedisStore redis;
  private final TradingKeys keys;
  private final Duration ttl;
  private final Duration workWindow;
  private final Clock clock;
  private final ActorSystem<?> system;

  /**
   * @param ttl how long a key is remembered
   * @param workWindow how long a first request may take before others take over (longer than
   *     the dashboard ask timeout)
   */
  OrderIdempotency(ActorSystem<?> system, TradingKeys keys, Duration ttl, Duration workWindow,
      Clock clock) {
    this.redis = RedisStore.get(system);
    this.system = system;
    this.keys = keys;
    this.ttl = ttl;
    this.workWindow = workWindow;
    this.clock = clock;
  }

  /** What a request with a key is to do. */
  sealed interface Claim {

    /**
     * Place the order under {@code orderId}.
     *
     * @param takeOver true if an earlier request claimed the key and did not answer
     */
    record Place(String orderId, boolean takeOver) implements Claim {}

    /** The key was used with another request. */
    record Mismatch() implements Claim {}

    /** The key was answered: repeat the stored answer. */
    record Replay(int status, String body) implements Claim {}
  }

  /** SHA-256 (hex) of a request's canonical text. */
  static String hash(String canonicalRequest) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Claims {@code key} of {@code userId} for the request with {@code requestHash}. */
  CompletionStage<Claim> claim(String userId, String key, String requestHash) {
    String redisKey = keys.idempotency(userId, key);
    String orderId = UUID.randomUUID().toString();
    long deadline = clock.millis() + workWindow.toMillis();
    return CLAIM.<List<String>>run(redis, ScriptOutputType.MULTI, new String[] {redisKey},
            requestHash, orderId, Long.toString(deadline), Long.toString(ttl.toMillis()))
        .thenCompose(stored -> stored.isEmpty()
            ? CompletableFuture.completedFuture(new Claim.Place(orderId, false))
            : existing(userId, key, requestHash, stored));
  }

  private CompletionStage<Claim> existing(String userId, String key, String requestHash,
      List<String> stored) {
    if (!requestHash.equals(stored.get(0))) {
      return CompletableFuture.completedFuture(new Claim.Mismatch());
    }
    int status = Integer.parseInt(stored.get(3));
    if (status != 0) {
      return CompletableFuture.completedFuture(new Claim.Replay(status, stored.get(4)));
    }
    if (clock.millis() >= Long.parseLong(stored.get(2))) {
      return CompletableFuture.completedFuture(new Claim.Place(stored.get(1), true));
    }
    return Patterns.after(POLL, system.classicSystem().scheduler(), system.executionContext(),
        () -> claim(userId, key, requestHash));
  }

  /**
   * Records the answer to a claim, so that repeats replay it for {@code ttl} from now.
   *
   * @param status 200-599
   */
  CompletionStage<Boolean> answer(String userId, String key, String orderId, int status,
      String body) {
    return settle(userId, key, orderId, Integer.toString(status), body, ttl);
  }

  /**
   * Gives a claim up (nothing was done): the next request with the key places at once, and the
   * key is forgotten after the work window unless such a request claims it.
   */
  CompletionStage<Boolean> giveUp(String userId, String key, String orderId) {
    return settle(userId, key, orderId, "0", "", workWindow);
  }

  private CompletionStage<Boolean> settle(String userId, String key, String orderId,
      String status, String body, Duration keep) {
    return SETTLE.<Long>run(redis, ScriptOutputType.INTEGER,
            new String[] {keys.idempotency(userId, key)}, orderId, status, body,
            Long.toString(keep.toMillis()))
        .thenApply(written -> written == 1L);
  }
}
