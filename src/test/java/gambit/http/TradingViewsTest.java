package gambit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gambit.trading.model.Fill;
import gambit.trading.model.InstrumentCatalogue;
import gambit.trading.model.Side;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The JSON shapes of trading values: every amount at the scale its asset or instrument has. */
class TradingViewsTest {

  private static final InstrumentCatalogue CATALOGUE = InstrumentCatalogue.load();

  private static Fill sell(String realizedPnl) {
    return new Fill("order-1", "SOL-USD", Side.SELL, new BigDecimal("5.000"),
        new BigDecimal("110.00"), new BigDecimal("550.00"), new BigDecimal("0.55"),
        new BigDecimal(realizedPnl), Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void aFillsRealizedPnlIsAtTheQuoteAssetsScaleNotTheModelsTwelveDecimals() {
    assertEquals("-1.03", TradingViews.fill(CATALOGUE, sell("-1.032500000000")).realizedPnl());
    assertEquals("0.00", TradingViews.fill(CATALOGUE, sell("0.000000000000")).realizedPnl());
    assertEquals("48.95", TradingViews.fill(CATALOGUE, sell("48.950000000000")).realizedPnl());
    TradingViews.FillView view = TradingViews.fill(CATALOGUE, sell("1.000000000000"));
    assertEquals("550.00", view.quoteAmount());
    assertEquals("0.55", view.fee());
    assertEquals("110.00", view.price());
    assertEquals("5.000", view.quantity());
  }
}
