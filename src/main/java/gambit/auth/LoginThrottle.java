package gambit.auth;

import gambit.auth.AttemptCounter.Answer;
import gambit.auth.AttemptCounter.Decision;
import gambit.auth.AttemptCounter.Outcome;
import gambit.node.RedisStore;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Limits failed logins per username and per client address, with fixed windows kept in Redis
 * (see {@link AuthKeys#userThrottle} and {@link AuthKeys#addressThrottle}), so that the limits
 * hold across all nodes. The first attempt that finds no counter starts a window; once the
 * confirmed failures reach the maximum, further attempts are refused until that window ends.
 * A successful login clears the username's failures; the address keeps its own (many users may
 * share an address).
 *
 * <p>Every attempt {@link #reserve reserves} a place in both counters before the password is
 * checked, atomically (see {@link AttemptCounter}), and is granted one only while confirmed
 * failures plus checks still in flight stay below the maximum. A burst of parallel logins
 * therefore cannot check more passwords than the limit allows: counting only after a failed
 * check would let every request of the burst pass the check first. The check then ends as a
 * {@link #failed failure}, a {@link #succeeded success} or {@link #release unchecked} (the
 * hashing pool was full); only a failure is counted. A refusal says which limit it hit: the
 * failures ({@link Refused#checksInFlight()} false, wait until the window ends) or the checks
 * in flight (true, wait {@link #CHECKS_IN_FLIGHT_RETRY}: checks end within a second or so).
 *
 * <p>Counting failures, not attempts, lets a user who knows the password log in any number of
 * times. The price: an attacker can lock a name out for one window by failing on purpose; the
 * per-address limit bounds how many names one address can do that to. A check whose outcome
 * never arrives (Redis gone meanwhile, the node died) holds its place until it lapses.
 *
 * <p>Stages fail with {@link gambit.node.StoreUnavailableException} when Redis is unreachable.
 * Thread-safe.
 */
public final class LoginThrottle {

  /** The wait answered when checks in flight, not failures, fill a limit. */
  public static final Duration CHECKS_IN_FLIGHT_RETRY = Duration.ofSeconds(1);

  private final AttemptCounter counters;
  private final AuthKeys keys;
  private final AuthSettings.Limit perUser;
  private final AuthSettings.Limit perAddress;

  /**
   * @param checkLapse how long a check in flight holds its place at most (longer than any
   *     password check can take, queueing included)
   */
  public LoginThrottle(RedisStore redis, AuthKeys keys, AuthSettings.Limit perUser,
      AuthSettings.Limit perAddress, Duration checkLapse) {
    this.counters = new AttemptCounter(redis, checkLapse);
    this.keys = keys;
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  /** What {@link #reserve} answers. */
  public sealed interface Reservation permits Reserved, Refused {}

  /** The attempt may check its password; report how that ended with its {@code attemptId}. */
  public record Reserved(String attemptId) implements Reservation {}

  /**
   * Refused, nothing counted.
   *
   * @param retryAfter when trying again can succeed
   * @param checksInFlight true when other attempts being checked fill the limit (a short
   *     wait), false when confirmed failures do (the rest of the window)
   */
  public record Refused(Duration retryAfter, boolean checksInFlight) implements Reservation {}

  /**
   * Reserves one check against the address and, when well-formed, the name; or, when either
   * is full, counts nothing and answers why and how long to wait.
   *
   * @param canonicalUsername the lower-cased name, or empty when it is not a well-formed name
   * @param address the client's address
   */
  public CompletionStage<Reservation> reserve(Optional<String> canonicalUsername,
      String address) {
    String attemptId = UUID.randomUUID().toString();
    String byAddress = keys.addressThrottle(address);
    return counters.reserve(byAddress, perAddress, attemptId).thenCompose(first -> {
      if (first.answer() != Answer.RESERVED || canonicalUsername.isEmpty()) {
        return CompletableFuture.completedFuture(reservation(first, attemptId));
      }
      return counters.reserve(keys.userThrottle(canonicalUsername.get()), perUser, attemptId)
          .thenCompose(second -> second.answer() == Answer.RESERVED
              ? CompletableFuture.completedFuture(reservation(second, attemptId))
              : counters.settle(byAddress, perAddress, attemptId, Outcome.RELEASED)
                  .thenApply(done -> reservation(second, attemptId)));
    });
  }

  private static Reservation reservation(Decision decision, String attemptId) {
    return switch (decision.answer()) {
      case RESERVED -> new Reserved(attemptId);
      case FAILURES_AT_LIMIT -> new Refused(decision.timeLeft(), false);
      case CHECKS_IN_FLIGHT -> new Refused(CHECKS_IN_FLIGHT_RETRY, true);
    };
  }

  /** Counts the reserved attempt as a failure of the address and, if given, the name. */
  public CompletionStage<Void> failed(Reserved attempt, Optional<String> canonicalUsername,
      String address) {
    return settle(attempt, canonicalUsername, address, Outcome.FAILED);
  }

  /** Clears the name's failures and ends the attempt's check, uncounted, for the address. */
  public CompletionStage<Void> succeeded(Reserved attempt, String canonicalUsername,
      String address) {
    return counters.settle(keys.userThrottle(canonicalUsername), perUser, attempt.attemptId(),
            Outcome.CLEARED)
        .thenCompose(done -> counters.settle(keys.addressThrottle(address), perAddress,
            attempt.attemptId(), Outcome.RELEASED));
  }

  /** Ends a reserved attempt that checked no password (e.g. the hashing pool was full). */
  public CompletionStage<Void> release(Reserved attempt, Optional<String> canonicalUsername,
      String address) {
    return settle(attempt, canonicalUsername, address, Outcome.RELEASED);
  }

  private CompletionStage<Void> settle(Reserved attempt, Optional<String> canonicalUsername,
      String address, Outcome outcome) {
    CompletionStage<Void> byAddress = counters.settle(keys.addressThrottle(address), perAddress,
        attempt.attemptId(), outcome);
    return canonicalUsername.map(name -> byAddress.thenCompose(done -> counters.settle(
        keys.userThrottle(name), perUser, attempt.attemptId(), outcome))).orElse(byAddress);
  }
}
