package gambit.trading.model;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The instruments Gambit trades and the assets they are made of, loaded once from two
 * tab-separated resources and validated row by row; immutable and thread-safe afterwards.
 *
 * <p>Format of both files: UTF-8, one row per line, cells separated by a single tab; lines that
 * are empty or start with {@code #} are ignored; the first other line is the header and must name
 * exactly the expected columns in order.
 *
 * <ul>
 *   <li>{@value #ASSETS_RESOURCE}: {@code code, name, scale}
 *   <li>{@value #INSTRUMENTS_RESOURCE}: {@code symbol, base, quote, name, price_tick,
 *       quantity_step, min_quantity, max_quantity, min_notional, max_notional, starting_price};
 *       decimals in plain notation (as {@link Amounts#parsePositive} accepts)
 * </ul>
 *
 * <p>Checked for every row, failing with an {@link InvalidCatalogueException} that names the file,
 * the line and the symbol: the column count, positive decimals, the starting price on the tick,
 * the quantity limits on the step, {@code symbol = BASE-QUOTE}, both assets listed in the assets
 * file, the quantity step no finer than the base asset's scale, unique symbols and codes. All
 * instruments must share one quote asset (the cash asset of every account): accounts value
 * positions in it and have no exchange rates between quote assets.
 */
public final class InstrumentCatalogue {

  /** Classpath resource with the assets. */
  public static final String ASSETS_RESOURCE = "trading/assets.tsv";
  /** Classpath resource with the instruments. */
  public static final String INSTRUMENTS_RESOURCE = "trading/instruments.tsv";

  static final List<String> ASSET_COLUMNS = List.of("code", "name", "scale");
  static final List<String> INSTRUMENT_COLUMNS = List.of("symbol", "base", "quote", "name",
      "price_tick", "quantity_step", "min_quantity", "max_quantity", "min_notional",
      "max_notional", "starting_price");

  private final Map<String, Asset> assets;
  private final Map<String, Instrument> instruments;
  private final Asset quoteAsset;

  private InstrumentCatalogue(Map<String, Asset> assets, Map<String, Instrument> instruments) {
    this.assets = Collections.unmodifiableMap(assets);
    this.instruments = Collections.unmodifiableMap(instruments);
    this.quoteAsset = assets.get(instruments.values().iterator().next().quoteAsset());
  }

  /**
   * Loads the catalogue shipped with Gambit from the classpath.
   *
   * @throws InvalidCatalogueException if a resource is missing or a row is invalid
   */
  public static InstrumentCatalogue load() {
    return parse(resource(ASSETS_RESOURCE), resource(INSTRUMENTS_RESOURCE));
  }

  /**
   * Parses and validates catalogue texts in the format of the class comment (file names in
   * messages are those of the shipped resources).
   *
   * @throws InvalidCatalogueException naming the file, line and row of the first problem
   */
  public static InstrumentCatalogue parse(String assetsText, String instrumentsText) {
    Map<String, Asset> assets = new LinkedHashMap<>();
    for (Row row : Row.read(ASSETS_RESOURCE, assetsText, ASSET_COLUMNS)) {
      Asset asset = row.build(() -> asset(row));
      row.check(assets.putIfAbsent(asset.code(), asset) == null, "duplicate asset code");
    }
    Map<String, Instrument> instruments = new LinkedHashMap<>();
    for (Row row : Row.read(INSTRUMENTS_RESOURCE, instrumentsText, INSTRUMENT_COLUMNS)) {
      Instrument instrument = row.build(() -> instrument(row));
      checkAgainstAssets(row, instrument, assets, instruments);
      row.check(instruments.putIfAbsent(instrument.symbol(), instrument) == null,
          "duplicate symbol");
    }
    if (instruments.isEmpty()) {
      throw new InvalidCatalogueException(INSTRUMENTS_RESOURCE + ": no instruments");
    }
    return new InstrumentCatalogue(assets, instruments);
  }

  /** Every instrument, in catalogue order. */
  public List<Instrument> instruments() {
    return List.copyOf(instruments.values());
  }

  /** Every asset, in catalogue order. */
  public List<Asset> assets() {
    return List.copyOf(assets.values());
  }

  /** The one quote asset of every instrument: the cash asset of accounts. */
  public Asset quoteAsset() {
    return quoteAsset;
  }

  /** The instrument with this symbol, ignoring case; empty for null or unknown symbols. */
  public Optional<Instrument> find(String symbol) {
    return symbol == null ? Optional.empty()
        : Optional.ofNullable(instruments.get(symbol.toUpperCase(Locale.ROOT)));
  }

  /**
   * The instrument a client names, ignoring case.
   *
   * @throws ValidationException naming {@code field} if the symbol is missing or unknown
   */
  public Instrument require(String field, String symbol) {
    if (symbol == null || symbol.isEmpty()) {
      throw new ValidationException(field, ValidationException.Reason.MISSING, "is required");
    }
    return find(symbol).orElseThrow(() -> new ValidationException(field,
        ValidationException.Reason.UNKNOWN, "unknown instrument '" + shorten(symbol) + "'"));
  }

  /** The asset with this code (exact case), if listed. */
  public Optional<Asset> asset(String code) {
    return Optional.ofNullable(assets.get(code));
  }

  private static Asset asset(Row row) {
    int scale;
    try {
      scale = Integer.parseInt(row.cell("scale"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("scale '" + row.cell("scale") + "' is not an integer");
    }
    return new Asset(row.cell("code"), row.cell("name"), scale);
  }

  private static Instrument instrument(Row row) {
    return new Instrument(row.cell("symbol"), row.cell("base"), row.cell("quote"),
        row.cell("name"), row.decimal("price_tick"), row.decimal("quantity_step"),
        row.decimal("min_quantity"), row.decimal("max_quantity"), row.decimal("min_notional"),
        row.decimal("max_notional"), row.decimal("starting_price"));
  }

  private static void checkAgainstAssets(Row row, Instrument instrument,
      Map<String, Asset> assets, Map<String, Instrument> earlier) {
    Asset base = assets.get(instrument.baseAsset());
    row.check(base != null, "base asset " + instrument.baseAsset() + " is not in "
        + ASSETS_RESOURCE);
    row.check(assets.containsKey(instrument.quoteAsset()), "quote asset "
        + instrument.quoteAsset() + " is not in " + ASSETS_RESOURCE);
    row.check(instrument.quantityScale() <= base.scale(), "quantity step "
        + instrument.quantityStep().toPlainString() + " is finer than the " + base.code()
        + " scale of " + base.scale() + " decimals");
    if (!earlier.isEmpty()) {
      String quote = earlier.values().iterator().next().quoteAsset();
      row.check(instrument.quoteAsset().equals(quote), "quote asset "
          + instrument.quoteAsset() + " differs from " + quote
          + ": every instrument must be quoted in the same cash asset");
    }
  }

  private static String resource(String name) {
    ClassLoader loader = InstrumentCatalogue.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new InvalidCatalogueException(name + ": resource not found on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidCatalogueException(name + ": cannot be read", e);
    }
  }

  private static String shorten(String text) {
    return text.length() <= 24 ? text : text.substring(0, 24) + "...";
  }

  /** One data line of a catalogue file, with what its error messages need. */
  private record Row(String file, int line, List<String> columns, String[] cells) {

    static List<Row> read(String file, String text, List<String> columns) {
      List<Row> rows = new ArrayList<>();
      String[] lines = text.split("\r?\n", -1);
      boolean headerSeen = false;
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].isBlank() || lines[i].startsWith("#")) {
          continue;
        }
        String[] cells = lines[i].split("\t", -1);
        for (int c = 0; c < cells.length; c++) {
          cells[c] = cells[c].strip();
        }
        if (!headerSeen) {
          checkHeader(file, i + 1, columns, cells);
          headerSeen = true;
          continue;
        }
        Row row = new Row(file, i + 1, columns, cells);
        row.check(cells.length == columns.size(), "expected " + columns.size()
            + " tab-separated cells, found " + cells.length);
        rows.add(row);
      }
      if (!headerSeen) {
        throw new InvalidCatalogueException(file + ": no header line");
      }
      return rows;
    }

    private static void checkHeader(String file, int line, List<String> columns,
        String[] cells) {
      if (!List.of(cells).equals(columns)) {
        throw new InvalidCatalogueException(file + " line " + line + ": header must be "
            + String.join(" <tab> ", columns) + ", found " + String.join(" <tab> ", cells));
      }
    }

    String cell(String column) {
      return cells[columns.indexOf(column)];
    }

    BigDecimal decimal(String column) {
      try {
        return Amounts.parsePositive(column, cell(column));
      } catch (ValidationException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    <T> T build(Supplier<T> builder) {
      try {
        return builder.get();
      } catch (IllegalArgumentException | NullPointerException e) {
        throw fail(e.getMessage(), e);
      }
    }

    void check(boolean ok, String problem) {
      if (!ok) {
        throw fail(problem, null);
      }
    }

    private InvalidCatalogueException fail(String problem, Throwable cause) {
      String key = cells.length > 0 && !cells[0].isEmpty() ? " (" + cells[0] + ")" : "";
      return new InvalidCatalogueException(file + " line " + line + key + ": " + problem, cause);
    }
  }
}
