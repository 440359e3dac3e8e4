package gambit.trading.model;

import gambit.serialization.CborSerializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What happened to an account: the facts that the dashboard entity persists and replays through
 * {@link Account#apply}. {@link Account} produces them from commands ({@link Account#deposit},
 * {@link Account#place}, {@link Account#cancel}, {@link Account#onTick}); each carries every
 * amount it moves, already computed and rounded, so replay never recomputes a fee or a rounding
 * and a change of rules or code cannot rewrite history.
 *
 * <p>Shape: plain components only (strings, {@link BigDecimal}s, enums, {@link Instant}s) so the
 * Jackson serializer writes them without custom code; a renamed or removed component needs a
 * Jackson migration. A rejected command produces no event (a refusal changes nothing and must not
 * let a client grow the journal).
 */
public sealed interface TradingEvent extends CborSerializable {

  /** When it happened, as the entity's clock said. */
  Instant at();

  /**
   * Cash credited to the account (the demo balance on creation).
   *
   * @param asset the cash asset
   * @param amount positive, at the asset's scale
   */
  record FundsDeposited(String asset, BigDecimal amount, Instant at) implements TradingEvent {
    /** @throws NullPointerException if a component is null */
    public FundsDeposited {
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * An order accepted and its reservation taken from the available balance. A market order's (or
   * a marketable limit order's) {@link OrderFilled} follows in the same batch of events.
   *
   * @param clientOrderId the client's reference, or null
   * @param limitPrice null for a market order
   * @param feeRate the rate its fill will pay
   * @param reservedAsset the quote asset for a buy, the base asset for a sell
   * @param reserved a buy: the settlement at the limit (or current) price including the fee; a
   *     sell: the quantity
   */
  record OrderAccepted(String orderId, String clientOrderId, String symbol, String baseAsset,
      String quoteAsset, Side side, OrderType type, BigDecimal quantity, BigDecimal limitPrice,
      BigDecimal feeRate, String reservedAsset, BigDecimal reserved, Instant at)
      implements TradingEvent {
    /** @throws NullPointerException if a required component is null */
    public OrderAccepted {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(symbol, "symbol");
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(quantity, "quantity");
      Objects.requireNonNull(reserved, "reserved");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * An open order executed in full. A buy spends {@code quoteAmount + fee} of its reservation
   * and releases the rest ({@code released}); a sell spends its reserved base quantity and
   * credits {@code quoteAmount - fee}. Symbol, side and quantity repeat the order's so that the
   * event can be read on its own (a fills stream, a projection).
   *
   * @param price the execution price
   * @param quoteAmount the notional rounded in the house's favour (see {@link Settlement})
   * @param fee the fee, in the cash asset
   * @param released a buy's unspent reservation returned to available; zero for a sell
   * @param realizedPnl a sell's realized P&L (see {@link Position}); zero for a buy
   */
  record OrderFilled(String orderId, String symbol, Side side, BigDecimal quantity,
      BigDecimal price, BigDecimal quoteAmount, BigDecimal fee, BigDecimal released,
      BigDecimal realizedPnl, Instant at) implements TradingEvent {
    /** @throws NullPointerException if a component is null */
    public OrderFilled {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(symbol, "symbol");
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(quantity, "quantity");
      Objects.requireNonNull(price, "price");
      Objects.requireNonNull(quoteAmount, "quoteAmount");
      Objects.requireNonNull(fee, "fee");
      Objects.requireNonNull(released, "released");
      Objects.requireNonNull(realizedPnl, "realizedPnl");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * An open order cancelled and its whole reservation released.
   *
   * @param releasedAsset the asset released
   * @param released the order's reservation, returned to available
   */
  record OrderCancelled(String orderId, String releasedAsset, BigDecimal released, Instant at)
      implements TradingEvent {
    /** @throws NullPointerException if a component is null */
    public OrderCancelled {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(releasedAsset, "releasedAsset");
      Objects.requireNonNull(released, "released");
      Objects.requireNonNull(at, "at");
    }
  }
}
