package gambit.auth;

import java.time.Duration;

/**
 * Password hashing is at capacity on this node (too many hashes in flight, or a queued one
 * waited too long), so the request was refused before anything was stored. The HTTP layer
 * answers 503 with {@code Retry-After}.
 */
public final class HashingBusyException extends RuntimeException {

  private final Duration retryAfter;

  public HashingBusyException(String message, Duration retryAfter) {
    super(message, null, false, false);
    this.retryAfter = retryAfter;
  }

  /** A fair time for the client to wait before trying again. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
