package gambit.trading.model;

import java.math.BigDecimal;
import java.time.Instant;

/** Shared test data: the shipped catalogue and a few of its instruments. */
final class Fixtures {

  static final InstrumentCatalogue CATALOGUE = InstrumentCatalogue.load();
  static final Asset USD = CATALOGUE.quoteAsset();
  static final Instrument BTC = CATALOGUE.find("BTC-USD").orElseThrow();
  static final Instrument ETH = CATALOGUE.find("ETH-USD").orElseThrow();
  static final Instrument SOL = CATALOGUE.find("SOL-USD").orElseThrow();
  static final Instrument DOGE = CATALOGUE.find("DOGE-USD").orElseThrow();
  static final Instrument SHIB = CATALOGUE.find("SHIB-USD").orElseThrow();
  static final Instrument PEPE = CATALOGUE.find("PEPE-USD").orElseThrow();
  static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");
  static final TradingRules RULES = TradingRules.DEFAULT;

  private Fixtures() {}

  static BigDecimal dec(String text) {
    return new BigDecimal(text);
  }

  /** An account with {@code cash} USD deposited. */
  static Account funded(String cash) {
    Account empty = Account.open(USD);
    return empty.apply(empty.deposit(dec(cash), T0));
  }

  static OrderRequest limit(Instrument instrument, Side side, String quantity, String price) {
    return OrderRequest.parse(CATALOGUE, instrument.symbol(), side.wireName(), "limit",
        quantity, price, null);
  }

  static OrderRequest market(Instrument instrument, Side side, String quantity) {
    return OrderRequest.parse(CATALOGUE, instrument.symbol(), side.wireName(), "market",
        quantity, null, null);
  }

  /** Places and expects acceptance; returns the account after the events. */
  static Account placed(Account account, String id, OrderRequest request, String current) {
    PlaceOutcome outcome = account.place(id, request, instrumentOf(request),
        current == null ? null : dec(current), RULES, T0);
    if (!(outcome instanceof PlaceOutcome.Accepted accepted)) {
      throw new AssertionError("expected acceptance, got " + outcome);
    }
    return account.applyAll(accepted.events());
  }

  static Instrument instrumentOf(OrderRequest request) {
    return CATALOGUE.find(request.symbol()).orElseThrow();
  }

  /** Asserts equality by value, ignoring the scale ("1.50" equals "1.5"). */
  static void assertAmount(String expected, BigDecimal actual) {
    if (actual == null || dec(expected).compareTo(actual) != 0) {
      throw new AssertionError("expected " + expected + " but was "
          + (actual == null ? null : actual.toPlainString()));
    }
  }
}
