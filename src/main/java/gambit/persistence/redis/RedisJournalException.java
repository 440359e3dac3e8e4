package gambit.persistence.redis;

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
}
