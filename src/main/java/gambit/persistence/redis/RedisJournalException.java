package gambit.persistence.redis;

import java.util.concurrent.CompletionException;

/**
 * A journal operation that Redis could not carry out: Redis unreachable (commands are rejected
 * at once while the connection is down), a command timeout, or an error reply. The message names
 * the operation, the persistence id and the Redis URI (without password); the cause is Lettuce's
 * exception. Akka turns it into a write failure (the entity stops) or a replay failure.
 */
public class RedisJournalException extends RuntimeException {

  public RedisJournalException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The failure of an operation as the journal reports it: the journal's own exceptions pass
   * through, anything else is wrapped with what failed and where.
   *
   * @param operation what failed, e.g. "write events 6..8 of persistence id 'x'"
   * @param redisUri the Redis URI without password
   */
  static RedisJournalException describe(Throwable error, String operation, String redisUri) {
    Throwable cause = unwrap(error);
    if (cause instanceof RedisJournalException own) {
      return own;
    }
    return new RedisJournalException("cannot " + operation + " in Redis at " + redisUri + ": "
        + cause, cause);
  }

  /** The cause inside CompletionException wrappers. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
