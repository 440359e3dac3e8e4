package gambit.trading.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InstrumentCatalogueTest {

  private static final String ASSETS = """
      # a comment
      code\tname\tscale
      USD\tUS Dollar\t2
      BTC\tBitcoin\t8
      DOGE\tDogecoin\t8
      EUR\tEuro\t2
      """;
  private static final String HEADER = String.join("\t",
      InstrumentCatalogue.INSTRUMENT_COLUMNS) + "\n";
  private static final String BTC_ROW =
      "BTC-USD\tBTC\tUSD\tBitcoin\t0.01\t0.00001\t0.00001\t100\t1\t1000000\t97000.00\n";

  private static String failure(String instrumentRows) {
    return failure(ASSETS, HEADER + instrumentRows);
  }

  private static String failure(String assets, String instruments) {
    return assertThrows(InvalidCatalogueException.class,
        () -> InstrumentCatalogue.parse(assets, instruments)).getMessage();
  }

  private static void assertMessage(String message, String... parts) {
    for (String part : parts) {
      assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
    }
  }

  @Test
  void shippedCatalogueHasAtLeastThirtyValidUsdPairs() {
    InstrumentCatalogue catalogue = InstrumentCatalogue.load();
    List<Instrument> instruments = catalogue.instruments();
    assertTrue(instruments.size() >= 30, "only " + instruments.size());
    assertEquals("USD", catalogue.quoteAsset().code());
    assertEquals(2, catalogue.quoteAsset().scale());
    Set<String> symbols = new HashSet<>();
    for (Instrument i : instruments) {
      assertTrue(symbols.add(i.symbol()), "duplicate " + i.symbol());
      assertEquals(i.baseAsset() + "-USD", i.symbol());
      assertTrue(Amounts.isMultipleOf(i.startingPrice(), i.priceTick()), i.symbol());
      assertTrue(catalogue.asset(i.baseAsset()).isPresent(), i.symbol());
      assertTrue(i.allowsNotional(i.minNotional()), i.symbol());
    }
    for (String s : List.of("BTC-USD", "ETH-USD", "SOL-USD", "XRP-USD", "ADA-USD", "DOGE-USD",
        "AVAX-USD", "DOT-USD", "LINK-USD", "LTC-USD")) {
      assertTrue(symbols.contains(s), s);
    }
  }

  @Test
  void shippedBitcoinRowReadsAsWritten() {
    Instrument btc = InstrumentCatalogue.load().find("btc-usd").orElseThrow();
    assertEquals("Bitcoin", btc.name());
    assertEquals(new BigDecimal("0.01"), btc.priceTick());
    assertEquals(new BigDecimal("0.00001"), btc.quantityStep());
    assertEquals(2, btc.priceScale());
    assertEquals(5, btc.quantityScale());
    assertEquals("97000.00", btc.startingPrice().toPlainString());
  }

  @Test
  void parsesAValidCatalogue() {
    InstrumentCatalogue catalogue = InstrumentCatalogue.parse(ASSETS, HEADER + BTC_ROW
        + "\n# comment\nDOGE-USD\tDOGE\tUSD\tDogecoin\t0.00001\t1\t1\t1000\t1\t1000\t0.18000\n");
    assertEquals(List.of("BTC-USD", "DOGE-USD"),
        catalogue.instruments().stream().map(Instrument::symbol).toList());
    assertEquals(4, catalogue.assets().size());
    assertTrue(catalogue.find("nope").isEmpty());
    assertTrue(catalogue.find(null).isEmpty());
  }

  @Test
  void startingPriceOffTheTickFailsNamingTheRow() {
    String message = failure(BTC_ROW
        + "DOGE-USD\tDOGE\tUSD\tDogecoin\t0.0001\t1\t1\t1000\t1\t1000\t0.18005\n");
    assertMessage(message, "instruments.tsv line 3 (DOGE-USD)", "starting price 0.18005",
        "not a multiple of the price tick 0.0001");
  }

  @Test
  void nonPositiveTickOrStepFailsNamingTheRow() {
    assertMessage(failure("BTC-USD\tBTC\tUSD\tBitcoin\t0\t0.00001\t0.00001\t100\t1\t1000\t1\n"),
        "line 2 (BTC-USD)", "price_tick", "positive");
    assertMessage(failure("BTC-USD\tBTC\tUSD\tBitcoin\t0.01\t-1\t0.00001\t100\t1\t1000\t1\n"),
        "line 2 (BTC-USD)", "quantity_step", "positive");
    assertMessage(failure("BTC-USD\tBTC\tUSD\tBitcoin\t0.01\t1e-5\t0.00001\t100\t1\t1000\t1\n"),
        "line 2 (BTC-USD)", "quantity_step", "exponent");
  }

  @Test
  void duplicateSymbolFailsNamingTheRow() {
    assertMessage(failure(BTC_ROW + BTC_ROW), "line 3 (BTC-USD)", "duplicate symbol");
  }

  @Test
  void symbolMustBeBaseDashQuote() {
    assertMessage(failure(BTC_ROW.replace("BTC-USD", "BTCUSD")),
        "line 2 (BTCUSD)", "must be BASE-QUOTE", "'BTC-USD'");
    assertMessage(failure(BTC_ROW.replace("BTC-USD\tBTC", "BTC-USD\tDOGE")),
        "line 2 (BTC-USD)", "must be BASE-QUOTE");
  }

  @Test
  void assetsMustBeListed() {
    assertMessage(failure("ETH-USD\tETH\tUSD\tEther\t0.01\t0.0001\t0.0001\t10\t1\t1000\t3400\n"),
        "line 2 (ETH-USD)", "base asset ETH is not in trading/assets.tsv");
  }

  @Test
  void quantityStepMustFitTheBaseAssetScale() {
    String assets = ASSETS.replace("BTC\tBitcoin\t8", "BTC\tBitcoin\t4");
    assertMessage(failure(assets, HEADER + BTC_ROW), "line 2 (BTC-USD)",
        "quantity step 0.00001 is finer than the BTC scale of 4 decimals");
  }

  @Test
  void everyInstrumentMustShareOneQuoteAsset() {
    assertMessage(failure(BTC_ROW
        + "BTC-EUR\tBTC\tEUR\tBitcoin\t0.01\t0.00001\t0.00001\t100\t1\t1000\t90000\n"),
        "line 3 (BTC-EUR)", "quote asset EUR differs from USD");
  }

  @Test
  void limitsMustBeConsistent() {
    assertMessage(failure(BTC_ROW.replace("0.00001\t100\t", "0.00001\t0.000001\t")),
        "line 2 (BTC-USD)", "max quantity 0.000001 is not a multiple of the quantity step");
    assertMessage(failure(BTC_ROW.replace("0.00001\t0.00001\t100", "0.00001\t200\t100")),
        "line 2 (BTC-USD)", "min quantity 200 is above max quantity 100");
    assertMessage(failure(BTC_ROW.replace("\t1\t1000000\t", "\t5000\t1000\t")),
        "line 2 (BTC-USD)", "min notional 5000 is above max notional 1000");
  }

  @Test
  void wrongCellCountFailsNamingTheRow() {
    assertMessage(failure("BTC-USD\tBTC\tUSD\tBitcoin\t0.01\n"), "line 2 (BTC-USD)",
        "expected 11 tab-separated cells, found 5");
  }

  @Test
  void headerMustNameTheColumns() {
    assertMessage(failure(ASSETS, "symbol\tbase\n" + BTC_ROW), "instruments.tsv line 1",
        "header must be symbol <tab> base <tab> quote");
    assertMessage(failure(ASSETS, "# only comments\n"), "instruments.tsv: no header line");
    assertMessage(failure(ASSETS, HEADER), "instruments.tsv: no instruments");
  }

  @Test
  void badAssetRowsFailNamingTheRow() {
    assertMessage(failure("code\tname\tscale\nUSD\tUS Dollar\ttwo\n", HEADER + BTC_ROW),
        "assets.tsv line 2 (USD)", "scale 'two' is not an integer");
    assertMessage(failure("code\tname\tscale\nUSD\tUS Dollar\t2\nusd\tx\t2\n", HEADER),
        "assets.tsv line 3 (usd)", "must be 2 to 10 upper-case");
    assertMessage(failure("code\tname\tscale\nUSD\tUS Dollar\t2\nUSD\tUS Dollar\t2\n", HEADER),
        "assets.tsv line 3 (USD)", "duplicate asset code");
  }

  @Test
  void requireRefusesUnknownSymbolsAsValidationErrors() {
    InstrumentCatalogue catalogue = InstrumentCatalogue.load();
    assertEquals("ETH-USD", catalogue.require("symbol", "eth-usd").symbol());
    ValidationException e = assertThrows(ValidationException.class,
        () -> catalogue.require("symbol", "ETH-EUR"));
    assertEquals(ValidationException.Reason.UNKNOWN, e.reason());
  }
}
