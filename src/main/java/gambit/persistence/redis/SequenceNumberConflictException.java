package gambit.persistence.redis;

/**
 * The journal refused a write because its first sequence number does not directly follow the
 * highest one stored for the persistence id. It usually means a second incarnation of the entity
 * (another node, or a stale actor after a network partition) has written since this writer
 * recovered; accepting the write would fork the event history.
 *
 * <p>The refusal is a write <em>failure</em>, never a rejection: the entity stops and, when it
 * is started again, recovers the history that the other incarnation wrote.
 */
public final class SequenceNumberConflictException extends RedisJournalException {

  private final String persistenceId;
  private final long expectedSequenceNr;
  private final long firstSequenceNr;
  private final long lastSequenceNr;

  public SequenceNumberConflictException(String persistenceId, long storedHighest,
      long firstSequenceNr, long lastSequenceNr) {
    super("refused to write events " + firstSequenceNr + ".." + lastSequenceNr
        + " of persistence id '" + persistenceId + "': expected sequence number "
        + (storedHighest + 1) + " (the highest stored is " + storedHighest + "), got "
        + firstSequenceNr + "; another incarnation of this entity has probably written since "
        + "this one recovered", null);
    this.persistenceId = persistenceId;
    this.expectedSequenceNr = storedHighest + 1;
    this.firstSequenceNr = firstSequenceNr;
    this.lastSequenceNr = lastSequenceNr;
  }

  public String persistenceId() {
    return persistenceId;
  }

  /** The highest stored sequence number + 1 at the time of the refusal. */
  public long expectedSequenceNr() {
    return expectedSequenceNr;
  }

  public long firstSequenceNr() {
    return firstSequenceNr;
  }

  public long lastSequenceNr() {
    return lastSequenceNr;
  }
}
