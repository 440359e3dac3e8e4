package gambit.trading.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * An order as an account keeps it (or as a rejection reports it). Immutable; each change of
 * status is a new value.
 *
 * @param id the order id, unique within the account (the entity assigns it)
 * @param clientOrderId the client's own reference, or null
 * @param symbol the instrument
 * @param baseAsset the instrument's base asset
 * @param quoteAsset the instrument's quote (cash) asset
 * @param side buy or sell
 * @param type market or limit
 * @param quantity base quantity at the instrument's quantity scale
 * @param limitPrice the limit; null for a market order
 * @param feeRate the fee rate in force when the order was accepted; its fill pays this rate
 * @param status open, filled, cancelled or rejected
 * @param reservedAsset the asset the order reserves: the quote asset for a buy, the base for a
 *     sell
 * @param reserved how much it reserved when accepted (held while open; zero if rejected)
 * @param createdAt when it was accepted (or rejected)
 * @param updatedAt when its status last changed
 * @param fillPrice the price it filled at; null unless filled
 * @param fee the fee its fill paid (cash asset); null unless filled
 */
public record Order(
    String id,
    String clientOrderId,
    String symbol,
    String baseAsset,
    String quoteAsset,
    Side side,
    OrderType type,
    BigDecimal quantity,
    BigDecimal limitPrice,
    BigDecimal feeRate,
    OrderStatus status,
    String reservedAsset,
    BigDecimal reserved,
    Instant createdAt,
    Instant updatedAt,
    BigDecimal fillPrice,
    BigDecimal fee) {

  /** @throws NullPointerException if a required component is null */
  public Order {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(baseAsset, "baseAsset");
    Objects.requireNonNull(quoteAsset, "quoteAsset");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(feeRate, "feeRate");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reservedAsset, "reservedAsset");
    Objects.requireNonNull(reserved, "reserved");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The open order that an acceptance event describes. */
  static Order accepted(TradingEvent.OrderAccepted e) {
    return new Order(e.orderId(), e.clientOrderId(), e.symbol(), e.baseAsset(), e.quoteAsset(),
        e.side(), e.type(), e.quantity(), e.limitPrice(), e.feeRate(), OrderStatus.OPEN,
        e.reservedAsset(), e.reserved(), e.at(), e.at(), null, null);
  }

  Order filled(BigDecimal price, BigDecimal paidFee, Instant at) {
    return new Order(id, clientOrderId, symbol, baseAsset, quoteAsset, side, type, quantity,
        limitPrice, feeRate, OrderStatus.FILLED, reservedAsset, reserved, createdAt, at, price,
        paidFee);
  }

  Order cancelled(Instant at) {
    return new Order(id, clientOrderId, symbol, baseAsset, quoteAsset, side, type, quantity,
        limitPrice, feeRate, OrderStatus.CANCELLED, reservedAsset, reserved, createdAt, at, null,
        null);
  }

  Order rejected() {
    return new Order(id, clientOrderId, symbol, baseAsset, quoteAsset, side, type, quantity,
        limitPrice, feeRate, OrderStatus.REJECTED, reservedAsset, BigDecimal.ZERO, createdAt,
        updatedAt, null, null);
  }
}
