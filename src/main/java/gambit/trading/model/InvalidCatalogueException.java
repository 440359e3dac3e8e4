package gambit.trading.model;

/**
 * The instrument catalogue cannot be used: a resource is missing, or a row is malformed or
 * inconsistent. The message names the file, the line and, when known, the row's symbol or asset
 * code. A node that meets it must not start: it is a packaging error, not a client's.
 */
public final class InvalidCatalogueException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  InvalidCatalogueException(String message) {
    super(message);
  }

  InvalidCatalogueException(String message, Throwable cause) {
    super(message, cause);
  }
}
