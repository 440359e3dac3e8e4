package gambit.trading.model;

import static gambit.trading.model.Fixtures.BTC;
import static gambit.trading.model.Fixtures.CATALOGUE;
import static gambit.trading.model.Fixtures.DOGE;
import static gambit.trading.model.Fixtures.dec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.trading.model.ValidationException.Reason;
import org.junit.jupiter.api.Test;

class OrderRequestTest {

  private static OrderRequest parse(String symbol, String side, String type, String quantity,
      String price) {
    return OrderRequest.parse(CATALOGUE, symbol, side, type, quantity, price, null);
  }

  private static void assertRefused(String field, Reason reason, String detailPart,
      String symbol, String side, String type, String quantity, String price) {
    ValidationException e = assertThrows(ValidationException.class,
        () -> parse(symbol, side, type, quantity, price));
    assertEquals(field, e.field(), e.getMessage());
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.detail().contains(detailPart), e.detail());
  }

  @Test
  void parsesALimitOrderAndNormalisesScales() {
    OrderRequest request = parse("btc-usd", "BUY", "Limit", "0.5", "60000");
    assertEquals("BTC-USD", request.symbol());
    assertEquals(Side.BUY, request.side());
    assertEquals(OrderType.LIMIT, request.type());
    assertEquals("0.50000", request.quantity().toPlainString());
    assertEquals("60000.00", request.limitPrice().toPlainString());
  }

  @Test
  void parsesAMarketOrderWithoutPrice() {
    OrderRequest request = parse("DOGE-USD", "sell", "market", "1500", null);
    assertEquals("1500", request.quantity().toPlainString());
    assertNull(request.limitPrice());
  }

  @Test
  void acceptsTrailingZerosThatStayOnTheStep() {
    assertEquals("0.12300", parse("BTC-USD", "buy", "limit", "0.1230000000", "100.00")
        .quantity().toPlainString());
  }

  @Test
  void refusesUnknownOrMissingInstrument() {
    assertRefused("symbol", Reason.UNKNOWN, "unknown instrument 'FOO-USD'",
        "FOO-USD", "buy", "market", "1", null);
    assertRefused("symbol", Reason.MISSING, "required", null, "buy", "market", "1", null);
  }

  @Test
  void refusesUnknownSideAndType() {
    assertRefused("side", Reason.MALFORMED, "not one of buy, sell",
        "BTC-USD", "long", "market", "1", null);
    assertRefused("side", Reason.MISSING, "required", "BTC-USD", null, "market", "1", null);
    assertRefused("type", Reason.MALFORMED, "not one of market, limit",
        "BTC-USD", "buy", "stop", "1", null);
  }

  @Test
  void refusesQuantityOffTheStep() {
    assertRefused("quantity", Reason.OFF_STEP, "not a multiple of the quantity step 0.00001",
        "BTC-USD", "buy", "market", "0.000015", null);
    assertRefused("quantity", Reason.OFF_STEP, "quantity step 1 of DOGE-USD",
        "DOGE-USD", "buy", "market", "10.5", null);
  }

  @Test
  void refusesQuantityOutsideTheInstrumentLimits() {
    assertRefused("quantity", Reason.TOO_LARGE, "above the maximum quantity 100.00000",
        "BTC-USD", "buy", "market", "100.00001", null);
    Instrument coarse = new Instrument("ABC-USD", "ABC", "USD", "Abc", dec("0.01"), dec("0.1"),
        dec("0.5"), dec("10"), dec("1"), dec("1000"), dec("1.00"));
    ValidationException e = assertThrows(ValidationException.class,
        () -> coarse.parseQuantity("quantity", "0.4"));
    assertEquals(Reason.TOO_SMALL, e.reason());
    assertTrue(e.detail().contains("below the minimum quantity 0.5 of ABC-USD"), e.detail());
  }

  @Test
  void refusesBadQuantityText() {
    assertRefused("quantity", Reason.MALFORMED, "exponent", "BTC-USD", "buy", "market", "1e-3",
        null);
    assertRefused("quantity", Reason.NOT_POSITIVE, "positive", "BTC-USD", "buy", "market", "-1",
        null);
    assertRefused("quantity", Reason.NOT_POSITIVE, "positive", "BTC-USD", "buy", "market", "0",
        null);
    assertRefused("quantity", Reason.MISSING, "required", "BTC-USD", "buy", "market", null, null);
  }

  @Test
  void refusesPriceOffTheTick() {
    assertRefused("price", Reason.OFF_TICK, "not a multiple of the price tick 0.01 of BTC-USD",
        "BTC-USD", "buy", "limit", "0.1", "60000.001");
    assertRefused("price", Reason.OFF_TICK, "price tick 0.00001",
        "DOGE-USD", "buy", "limit", "100", "0.123456");
  }

  @Test
  void refusesAbsurdPricesAndOrderValues() {
    assertRefused("price", Reason.TOO_LARGE, "absurdly high",
        "BTC-USD", "buy", "limit", "0.001", "999999999999.00");
    assertRefused("quantity", Reason.TOO_LARGE, "order value 2000000 USD is outside 1..1000000",
        "BTC-USD", "buy", "limit", "20", "100000");
    assertRefused("quantity", Reason.TOO_SMALL, "order value 0.97 USD is outside",
        "BTC-USD", "buy", "limit", "0.00001", "97000");
  }

  @Test
  void requiresAPriceOnLimitOrdersOnly() {
    assertRefused("price", Reason.MISSING, "required", "BTC-USD", "buy", "limit", "0.1", null);
    assertRefused("price", Reason.NOT_ALLOWED, "market order takes no price",
        "BTC-USD", "buy", "market", "0.1", "60000");
  }

  @Test
  void checksTheClientOrderId() {
    OrderRequest ok = OrderRequest.parse(CATALOGUE, "BTC-USD", "buy", "market", "0.1", null,
        "my-order_1:a.b");
    assertEquals("my-order_1:a.b", ok.clientOrderId());
    for (String bad : new String[] {"", "a b", "x".repeat(65), "é"}) {
      ValidationException e = assertThrows(ValidationException.class, () -> OrderRequest.parse(
          CATALOGUE, "BTC-USD", "buy", "market", "0.1", null, bad));
      assertEquals("clientOrderId", e.field());
    }
  }

  @Test
  void reportsTheFirstBadFieldInBodyOrder() {
    ValidationException e = assertThrows(ValidationException.class,
        () -> parse("BTC-USD", "sideways", "limit", "abc", "-1"));
    assertEquals("side", e.field());
  }

  @Test
  void checksATypedRequestAgainstItsInstrumentAgain() {
    OrderRequest offStep = new OrderRequest("BTC-USD", Side.BUY, OrderType.MARKET,
        dec("0.000001"), null, null);
    assertEquals(Reason.OFF_STEP, assertThrows(ValidationException.class,
        () -> offStep.checkedAgainst(BTC)).reason());
    OrderRequest negative = new OrderRequest("DOGE-USD", Side.BUY, OrderType.LIMIT, dec("10"),
        dec("-0.1"), null);
    assertEquals(Reason.NOT_POSITIVE, assertThrows(ValidationException.class,
        () -> negative.checkedAgainst(DOGE)).reason());
    assertThrows(IllegalArgumentException.class, () -> offStep.checkedAgainst(DOGE));
  }

  @Test
  void snapsRawPricesToTheTickAndFormatsThemPlainly() {
    assertEquals("97000.13", BTC.toTick(dec("97000.125000001")).toPlainString());
    assertEquals("97000.12", BTC.toTick(dec("97000.125")).toPlainString());
    assertEquals("0.01", BTC.toTick(dec("0.000001")).toPlainString());
    assertEquals("0.0000120001", Fixtures.PEPE.toTick(dec("0.00001200006")).toPlainString());
    assertEquals("97000.00", BTC.formatPrice(dec("97E+3")));
    assertEquals("97000.125", BTC.formatPrice(dec("97000.125")));
    assertEquals("0.00010", BTC.formatQuantity(dec("1E-4")));
  }
}
