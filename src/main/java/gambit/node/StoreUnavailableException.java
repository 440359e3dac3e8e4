package gambit.node;

/**
 * Redis could not be reached, timed out or is not serving (loading, failing over). The request
 * that met it may succeed later; the HTTP layer answers {@code 503 Service Unavailable}. A Redis
 * error reply that means a bug (wrong type, bad script) is not wrapped in this exception.
 */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
