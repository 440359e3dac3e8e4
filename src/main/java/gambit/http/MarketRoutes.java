package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.parameterOptional;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.auth.Identity;
import gambit.trading.CandleInterval;
import gambit.trading.PriceFeed;
import gambit.trading.Tick;
import gambit.trading.Trading;
import gambit.trading.model.Amounts;
import gambit.trading.model.Instrument;
import gambit.trading.model.ValidationException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Instruments, their last prices and candles, read from the catalogue and Redis by whichever
 * node answers (no entity involved), and the operators' tick push:
 *
 * <ul>
 *   <li>{@code GET /api/instruments}: every instrument with its last price;
 *   <li>{@code GET /api/instruments/{symbol}}: one (symbol in any case), 404 if unknown;
 *   <li>{@code GET /api/instruments/{symbol}/candles?interval=&from=&to=&limit=}: the newest
 *       {@code limit} candles (default 100, at most 1000) of {@code interval} ({@code 1m},
 *       {@code 5m}, {@code 1h}, {@code 1d}; default {@code 1m}) whose bucket starts within
 *       {@code from..to} (ISO-8601 instants or epoch milliseconds; default: all), oldest first;
 *       400 naming the parameter for anything malformed or {@code from} after {@code to};
 *   <li>{@code POST /api/market/ticks} (role {@code operator}): a JSON array of
 *       {@code {"symbol","price","time"?}} from an outside feed, applied in order by the price
 *       feed; prices are plain decimal strings checked like an order's limit price (positive,
 *       on the instrument's tick, never snapped; not above the order price bound, see
 *       {@link Instrument#checkMarketPrice}); {@code time} (ISO-8601, default now) may not be
 *       ahead of the clock by more than {@code feed.max-clock-skew} nor older than the longest
 *       candle history ({@link gambit.trading.TradingSettings#longestCandleHistory}).
 *       200 {@code {"live","historical"}} (historical: older than the current price, recorded
 *       in the candles only); 400 naming the element and field ({@code field}, {@code reason}).
 * </ul>
 *
 * Redis unreachable: 503.
 */
final class MarketRoutes {

  private static final int DEFAULT_CANDLES = 100;
  private static final int MAX_CANDLES = 1000;

  private final ActorSystem<?> system;
  private final Trading trading;
  private final Authentication authentication;
  private final JsonBodies bodies;
  private final ObjectMapper mapper;
  private final Clock clock = Clock.systemUTC();

  MarketRoutes(ActorSystem<?> system, Trading trading, Authentication authentication,
      JsonBodies bodies, ObjectMapper mapper) {
    this.system = system;
    this.trading = trading;
    this.authentication = authentication;
    this.bodies = bodies;
    this.mapper = mapper;
  }

  /** The routes, to be placed under {@code /api}. */
  Route route() {
    return concat(
        pathPrefix("instruments", () -> concat(
            pathEnd(() -> get(this::instruments)),
            pathPrefix(segment(), symbol -> concat(
                pathEnd(() -> get(() -> instrument(symbol))),
                path("candles", () -> get(() -> candles(symbol))))))),
        path(segment("market").slash("ticks"), () -> post(() ->
            authentication.authorized(Identity.OPERATOR, this::pushTicks))));
  }

  // ---------------------------------------------------------------- instruments

  private Route instruments() {
    List<Instrument> all = trading.catalogue().instruments();
    CompletionStage<Map<String, Tick>> last = trading.market()
        .lastPrices(all.stream().map(Instrument::symbol).toList());
    return TradingRoutes.await(last, prices -> complete(StatusCodes.OK,
        Map.of("instruments", all.stream().map(i ->
            TradingViews.instrument(i, Optional.ofNullable(prices.get(i.symbol())))).toList()),
        Jackson.marshaller(mapper)));
  }

  private Route instrument(String symbol) {
    return known(symbol, instrument -> TradingRoutes.await(
        trading.market().lastPrice(instrument.symbol()), last -> complete(StatusCodes.OK,
            TradingViews.instrument(instrument, last), Jackson.marshaller(mapper))));
  }

  private Route candles(String symbol) {
    return known(symbol, instrument ->
        parameterOptional("interval", interval ->
        parameterOptional("from", from ->
        parameterOptional("to", to ->
        parameterOptional("limit", limit -> {
          CandleInterval parsed = CandleInterval.parse(interval.orElse("1m"))
              .orElseThrow(() -> badParameter("interval", "must be one of 1m, 5m, 1h, 1d"));
          long fromMillis = from.map(text -> instant("from", text)).orElse(0L);
          long toMillis = to.map(text -> instant("to", text)).orElse(Long.MAX_VALUE);
          if (fromMillis > toMillis) {
            throw badParameter("from", "must not be after to");
          }
          int count = limit.map(MarketRoutes::limit).orElse(DEFAULT_CANDLES);
          return TradingRoutes.await(trading.market().candles(instrument.symbol(), parsed,
                  fromMillis, toMillis, count),
              candles -> complete(StatusCodes.OK, Map.of("symbol", instrument.symbol(),
                      "interval", parsed.wireName(), "candles", candles.stream()
                          .map(c -> TradingViews.candle(instrument, c)).toList()),
                  Jackson.marshaller(mapper)));
        })))));
  }

  private Route known(String symbol, Function<Instrument, Route> inner) {
    return trading.catalogue().find(symbol).map(inner)
        .orElseGet(() -> complete(Problems.response(StatusCodes.NOT_FOUND,
            "no instrument " + shorten(symbol))));
  }

  /** An ISO-8601 instant or epoch milliseconds. */
  private static long instant(String parameter, String text) {
    try {
      return text.chars().allMatch(Character::isDigit) && !text.isEmpty() && text.length() < 19
          ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw badParameter(parameter, "must be an ISO-8601 instant (2025-01-31T12:00:00Z) or"
          + " epoch milliseconds, got '" + shorten(text) + "'");
    }
  }

  private static int limit(String text) {
    try {
      int value = Integer.parseInt(text);
      if (value >= 1 && value <= MAX_CANDLES) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw badParameter("limit", "must be a whole number from 1 to " + MAX_CANDLES + ", got '"
        + shorten(text) + "'");
  }

  private static ProblemException badParameter(String parameter, String detail) {
    return new ProblemException(Problems.response(StatusCodes.BAD_REQUEST,
        parameter + " " + detail, Map.of("field", parameter)));
  }

  // ---------------------------------------------------------------- operators

  private Route pushTicks(Identity operator) {
    return bodies.array(array -> {
      List<Tick> ticks = ticks(array);
      CompletionStage<PriceFeed.Pushed> pushed = AskPattern.ask(trading.feed(),
          replyTo -> new PriceFeed.PushTicks(ticks, replyTo), trading.settings().askTimeout(),
          system.scheduler());
      return TradingRoutes.await(pushed, result -> result.storeFailure() != null
          ? complete(Problems.response(StatusCodes.SERVICE_UNAVAILABLE, "the ticks were"
              + " published but not all were recorded in Redis: " + result.storeFailure()))
          : complete(StatusCodes.OK, Map.of("live", result.live(), "historical",
              result.historical()), Jackson.marshaller(mapper)));
    });
  }

  private List<Tick> ticks(JsonNode array) {
    int max = trading.settings().feed().maxTicksPerPush();
    if (array.isEmpty() || array.size() > max) {
      throw new ProblemException(StatusCodes.BAD_REQUEST, "expected 1 to " + max
          + " ticks, got " + array.size());
    }
    Instant now = clock.instant();
    List<Tick> ticks = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      ticks.add(tick(array.get(i), "ticks[" + i + "]", now));
    }
    return ticks;
  }

  private Tick tick(JsonNode element, String where, Instant now) {
    if (!element.isObject()) {
      throw new ProblemException(StatusCodes.BAD_REQUEST, where + " must be an object");
    }
    try {
      Instrument instrument = trading.catalogue().require("symbol", text(element, "symbol"));
      BigDecimal price = instrument.checkMarketPrice("price",
          Amounts.parsePositive("price", text(element, "price")));
      return new Tick(instrument.symbol(), price, checkedTime(element.get("time"), now));
    } catch (ValidationException e) {
      throw new ProblemException(Problems.response(StatusCodes.BAD_REQUEST,
          where + "." + e.field() + ": " + e.detail(), Map.of("field", where + "." + e.field(),
              "reason", e.reason().name().toLowerCase(Locale.ROOT))));
    }
  }

  /**
   * The tick's time: not ahead of the clock by more than {@code feed.max-clock-skew}, and not
   * older than the longest candle history, which no candle could keep anyway.
   */
  private Instant checkedTime(JsonNode value, Instant now) {
    Instant time = time(value, now);
    Duration skew = trading.settings().feed().maxClockSkew();
    if (time.isAfter(now.plus(skew))) {
      throw new ValidationException("time", ValidationException.Reason.TOO_LARGE,
          "is more than " + skew.toSeconds() + " s ahead of the server's clock " + now);
    }
    Duration history = trading.settings().longestCandleHistory();
    if (time.isBefore(now.minus(history))) {
      throw new ValidationException("time", ValidationException.Reason.TOO_SMALL,
          "is more than " + history.toDays() + " days in the past, older than any candle kept");
    }
    return time;
  }

  /** A string field, null when absent; a non-string value is refused as malformed. */
  private static String text(JsonNode element, String field) {
    JsonNode value = element.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new ValidationException(field, ValidationException.Reason.MALFORMED,
          "must be a string");
    }
    return value.textValue();
  }

  private static Instant time(JsonNode value, Instant now) {
    if (value == null || value.isNull()) {
      return now;
    }
    try {
      return Instant.parse(value.asText());
    } catch (DateTimeParseException e) {
      throw new ValidationException("time", ValidationException.Reason.MALFORMED,
          "must be an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z");
    }
  }

  private static String shorten(String text) {
    return text.length() <= 24 ? text : text.substring(0, 24) + "...";
  }
}
