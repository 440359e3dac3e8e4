package gambit.trading.model;

import gambit.trading.model.ValidationException.Reason;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A client's order as validated from the request body: the instrument exists, the side and type
 * are known, the quantity is on the step and within the limits, a limit order's price is on the
 * tick and its value within the limits, and a market order has no price. What depends on the
 * account or the market (funds, the current price) is decided later by {@link Account#place}.
 *
 * <p>It holds plain values (no {@link Instrument}) so an entity command can carry it across the
 * cluster.
 *
 * @param symbol the instrument's symbol, in catalogue case
 * @param side buy or sell
 * @param type market or limit
 * @param quantity base asset quantity at the instrument's quantity scale
 * @param limitPrice the limit at the instrument's price scale; null for a market order
 * @param clientOrderId the client's own reference, or null
 */
public record OrderRequest(
    String symbol,
    Side side,
    OrderType type,
    BigDecimal quantity,
    BigDecimal limitPrice,
    String clientOrderId) {

  /** Request field names, as the JSON body spells them and refusals name them. */
  public static final String SYMBOL = "symbol";
  /** See {@link #SYMBOL}. */
  public static final String SIDE = "side";
  /** See {@link #SYMBOL}. */
  public static final String TYPE = "type";
  /** See {@link #SYMBOL}. */
  public static final String QUANTITY = "quantity";
  /** See {@link #SYMBOL}. */
  public static final String PRICE = "price";
  /** See {@link #SYMBOL}. */
  public static final String CLIENT_ORDER_ID = "clientOrderId";

  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  /** @throws NullPointerException if a required component is null */
  public OrderRequest {
    Objects.requireNonNull(symbol, SYMBOL);
    Objects.requireNonNull(side, SIDE);
    Objects.requireNonNull(type, TYPE);
    Objects.requireNonNull(quantity, QUANTITY);
  }

  /**
   * Validates the fields of a request body, in the order symbol, side, type, quantity, price,
   * clientOrderId; the first refusal is thrown.
   *
   * @param price the limit price; must be null (absent) for a market order
   * @param clientOrderId optional: 1 to 64 of {@code A-Z a-z 0-9 . _ : -}
   * @throws ValidationException naming the field at fault and why
   */
  public static OrderRequest parse(InstrumentCatalogue catalogue, String symbol, String side,
      String type, String quantity, String price, String clientOrderId) {
    Instrument instrument = catalogue.require(SYMBOL, symbol);
    Side parsedSide = Side.parse(SIDE, side);
    OrderType parsedType = OrderType.parse(TYPE, type);
    BigDecimal parsedQuantity = instrument.parseQuantity(QUANTITY, quantity);
    BigDecimal limit = null;
    if (parsedType == OrderType.LIMIT) {
      limit = instrument.parsePrice(PRICE, price);
    } else if (price != null) {
      throw new ValidationException(PRICE, Reason.NOT_ALLOWED,
          "a market order takes no price; send a limit order to set one");
    }
    return new OrderRequest(instrument.symbol(), parsedSide, parsedType, parsedQuantity, limit,
        clientOrderId).checkedAgainst(instrument);
  }

  /**
   * Checks this request against its instrument again (an entity does, as a command may be built
   * without {@link #parse}).
   *
   * @return the request with its amounts at the instrument's scales
   * @throws ValidationException naming the field at fault
   * @throws IllegalArgumentException if {@code instrument} is not this request's
   */
  public OrderRequest checkedAgainst(Instrument instrument) {
    if (!instrument.symbol().equals(symbol)) {
      throw new IllegalArgumentException("request for " + symbol + " checked against "
          + instrument.symbol());
    }
    BigDecimal checkedQuantity = instrument.checkQuantity(QUANTITY, quantity);
    BigDecimal checkedLimit = checkedLimit(instrument, checkedQuantity);
    checkClientOrderId(clientOrderId);
    return new OrderRequest(symbol, side, type, checkedQuantity, checkedLimit, clientOrderId);
  }

  private BigDecimal checkedLimit(Instrument instrument, BigDecimal checkedQuantity) {
    if (type == OrderType.MARKET) {
      if (limitPrice != null) {
        throw new ValidationException(PRICE, Reason.NOT_ALLOWED,
            "a market order takes no price; send a limit order to set one");
      }
      return null;
    }
    if (limitPrice == null) {
      throw new ValidationException(PRICE, Reason.MISSING, "is required for a limit order");
    }
    BigDecimal checked = instrument.checkPrice(PRICE, limitPrice);
    instrument.checkNotional(QUANTITY, checkedQuantity, PRICE, checked);
    return checked;
  }

  private static void checkClientOrderId(String clientOrderId) {
    if (clientOrderId != null && !CLIENT_ID.matcher(clientOrderId).matches()) {
      throw new ValidationException(CLIENT_ORDER_ID, Reason.MALFORMED,
          "must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'");
    }
  }
}
