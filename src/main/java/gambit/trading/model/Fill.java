package gambit.trading.model;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One execution, as the account lists it (see {@link Account#fills()}).
 *
 * @param orderId the order that filled
 * @param symbol the instrument
 * @param side buy or sell
 * @param quantity base quantity
 * @param price the execution price
 * @param quoteAmount the notional rounded in the house's favour (see {@link Settlement})
 * @param fee the fee paid, in the cash asset
 * @param realizedPnl the P&L the fill realized (zero for buys), at {@value Position#COST_SCALE}
 *     decimals
 * @param at when it filled
 */
public record Fill(String orderId, String symbol, Side side, BigDecimal quantity,
    BigDecimal price, BigDecimal quoteAmount, BigDecimal fee, BigDecimal realizedPnl,
    Instant at) {

  static Fill of(TradingEvent.OrderFilled e) {
    return new Fill(e.orderId(), e.symbol(), e.side(), e.quantity(), e.price(), e.quoteAmount(),
        e.fee(), e.realizedPnl(), e.at());
  }
}
