package gambit.trading.model;

/**
 * Why a well-formed order or cancel cannot be carried out in the account's current state (a
 * client may retry later; routes answer 404 for {@link #ORDER_NOT_FOUND}, 409 for
 * {@link #ORDER_NOT_OPEN}, 422 for the others). Malformed requests are
 * {@link ValidationException}s instead.
 */
public enum RejectReason {
  /** The available balance of the reserved asset does not cover the order. */
  INSUFFICIENT_FUNDS,
  /** A market order for an instrument that has no current price yet. */
  NO_PRICE,
  /** A market order whose value at the current price is outside the instrument's limits, or a
   * sell whose proceeds would not cover its fee. */
  ORDER_VALUE_OUT_OF_RANGE,
  /** The account already has the maximum number of open orders. */
  TOO_MANY_OPEN_ORDERS,
  /** Cancel: no open or recently closed order has this id. */
  ORDER_NOT_FOUND,
  /** Cancel: the order has already filled. */
  ORDER_NOT_OPEN
}
