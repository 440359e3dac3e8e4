package gambit.trading.model;

import static gambit.trading.model.Fixtures.BTC;
import static gambit.trading.model.Fixtures.ETH;
import static gambit.trading.model.Fixtures.T0;
import static gambit.trading.model.Fixtures.assertAmount;
import static gambit.trading.model.Fixtures.dec;
import static gambit.trading.model.Fixtures.funded;
import static gambit.trading.model.Fixtures.limit;
import static gambit.trading.model.Fixtures.market;
import static gambit.trading.model.Fixtures.placed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CancelOrderTest {

  private static final Instant T1 = T0.plusSeconds(5);

  @Test
  void cancelReleasesABuyReservationExactly() {
    Account before = funded("1000");
    Account open = placed(before, "o1", limit(BTC, Side.BUY, "0.00123", "97123.45"), null);
    assertAmount("119.59", open.balance("USD").reserved());

    CancelOutcome.Cancelled cancelled =
        assertInstanceOf(CancelOutcome.Cancelled.class, open.cancel("o1", T1));
    assertEquals("USD", cancelled.event().releasedAsset());
    assertAmount("119.59", cancelled.event().released());
    assertEquals(OrderStatus.CANCELLED, cancelled.order().status());
    assertEquals(T1, cancelled.order().updatedAt());

    Account after = open.apply(cancelled.event());
    assertEquals(before.balance("USD"), after.balance("USD"));
    assertTrue(after.openOrders().isEmpty());
    assertEquals(OrderStatus.CANCELLED, after.order("o1").orElseThrow().status());
  }

  @Test
  void cancelReleasesASellReservationExactly() {
    Account holder = placed(funded("10000"), "b", market(ETH, Side.BUY, "1.2345"), "3000");
    Account open = placed(holder, "s", limit(ETH, Side.SELL, "1.2345", "5000"), null);
    assertAmount("0", open.balance("ETH").available());
    Account after = open.apply(((CancelOutcome.Cancelled) open.cancel("s", T1)).event());
    assertEquals(holder.balance("ETH"), after.balance("ETH"));
    assertEquals(holder.balance("USD"), after.balance("USD"));
  }

  @Test
  void cancellingTwiceSucceedsWithoutASecondEvent() {
    Account open = placed(funded("1000"), "o1", limit(BTC, Side.BUY, "0.001", "90000"), null);
    Account after = open.apply(((CancelOutcome.Cancelled) open.cancel("o1", T1)).event());
    CancelOutcome again = after.cancel("o1", T1.plusSeconds(1));
    CancelOutcome.AlreadyCancelled already =
        assertInstanceOf(CancelOutcome.AlreadyCancelled.class, again);
    assertEquals(T1, already.order().updatedAt());
  }

  @Test
  void cannotCancelAFilledOrder() {
    Account filled = placed(funded("1000"), "m", market(BTC, Side.BUY, "0.001"), "97000");
    CancelOutcome.Rejected rejected =
        assertInstanceOf(CancelOutcome.Rejected.class, filled.cancel("m", T1));
    assertEquals(RejectReason.ORDER_NOT_OPEN, rejected.reason());
    assertEquals("order m has already filled", rejected.detail());
  }

  @Test
  void cannotCancelAnUnknownOrder() {
    CancelOutcome.Rejected rejected =
        assertInstanceOf(CancelOutcome.Rejected.class, funded("1").cancel("nope", T1));
    assertEquals(RejectReason.ORDER_NOT_FOUND, rejected.reason());
  }

  @Test
  void cancelledOrderNoLongerFillsOnTicks() {
    Account open = placed(funded("1000"), "o1", limit(BTC, Side.BUY, "0.001", "90000"), null);
    Account after = open.apply(((CancelOutcome.Cancelled) open.cancel("o1", T1)).event());
    assertTrue(after.onTick("BTC-USD", dec("1"), T1).isEmpty());
  }
}
