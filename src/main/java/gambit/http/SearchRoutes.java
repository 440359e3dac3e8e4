package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.optionalHeaderValueByName;
import static akka.http.javadsl.server.Directives.parameterOptional;
import static akka.http.javadsl.server.Directives.path;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.auth.UsernameIndex;
import gambit.node.RedisStore;
import gambit.trading.Trading;
import gambit.trading.TradingKeys;
import gambit.trading.model.Instrument;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /api/search?q=}: public search over instruments (symbol, base asset and name) and
 * players (usernames), any node, no entity.
 *
 * <p>Ranking, per kind: {@code exact} (the symbol or base asset, or the username, equals the
 * query ignoring case), then {@code prefix} (starts with it), then {@code substring} (contains
 * it); instruments keep catalogue order within a rank, players alphabetical order. At most
 * {@code search.max-results} of each. Instruments are matched in memory; players through the
 * {@link UsernameIndex} (exact and prefix by lexicographic range, substring by a bounded scan).
 *
 * <p>Caching: the answer to a normalised query (trimmed, lower case) is kept in Redis
 * (cache-aside, key {@link TradingKeys#searchCache}) for {@code search.cache-ttl} (10 s), so a
 * burst of the same search costs the index once per TTL on the whole cluster. It is never
 * invalidated explicitly: a player who registers appears within one TTL, which is what a search
 * box needs; instruments change only with a new catalogue, whose fingerprint is part of the key,
 * so a deploy with other instruments never reads old answers. HTTP caches get
 * {@code Cache-Control: public, max-age=<ttl>} and a strong {@code ETag} (a hash of the body); a
 * request whose {@code If-None-Match} names it answers 304 without a body.
 *
 * <p>400 for a missing, blank or longer than {@value #MAX_QUERY} characters query; 503 when Redis
 * is unreachable.
 */
final class SearchRoutes {

  static final int MAX_QUERY = 64;

  private final Trading trading;
  private final UsernameIndex usernames;
  private final RedisStore redis;
  private final TradingKeys keys;
  private final ObjectMapper mapper;
  private final String fingerprint;
  private final Duration ttl;
  private final int maxResults;
  private final int scanLimit;

  SearchRoutes(Trading trading, UsernameIndex usernames, RedisStore redis, ObjectMapper mapper) {
    this.trading = trading;
    this.usernames = usernames;
    this.redis = redis;
    this.keys = new TradingKeys(trading.settings().keyPrefix());
    this.mapper = mapper;
    this.fingerprint = fingerprint(trading.catalogue().instruments());
    this.ttl = trading.settings().search().cacheTtl();
    this.maxResults = trading.settings().search().maxResults();
    this.scanLimit = trading.settings().search().playerScanLimit();
  }

  /** The route, to be placed under {@code /api}. */
  Route route() {
    return path("search", () -> get(() -> parameterOptional("q", q ->
        optionalHeaderValueByName("If-None-Match", ifNoneMatch -> search(q, ifNoneMatch)))));
  }

  private Route search(Optional<String> q, Optional<String> ifNoneMatch) {
    String query = q.map(String::strip).orElse("");
    if (query.isEmpty()) {
      return complete(Problems.response(StatusCodes.BAD_REQUEST,
          "q is required: the text to search for", Map.of("field", "q")));
    }
    if (query.length() > MAX_QUERY) {
      return complete(Problems.response(StatusCodes.BAD_REQUEST,
          "q must be at most " + MAX_QUERY + " characters", Map.of("field", "q")));
    }
    String normalised = query.toLowerCase(Locale.ROOT);
    return TradingRoutes.await(cached(normalised), body -> complete(answer(body, ifNoneMatch)));
  }

  /** Cache-aside: the stored answer, or a fresh one that is stored for the TTL. */
  private CompletionStage<String> cached(String query) {
    String key = keys.searchCache(fingerprint, query);
    return redis.run(commands -> commands.get(key)).thenCompose(hit -> {
      if (hit != null) {
        return CompletableFuture.completedFuture(hit);
      }
      return results(query).thenCompose(body -> redis.run(commands ->
              commands.set(key, body, SetArgs.Builder.px(ttl.toMillis())))
          .thenApply(stored -> body));
    });
  }

  private HttpResponse answer(String body, Optional<String> ifNoneMatch) {
    String etag = "\"" + sha256(body).substring(0, 32) + "\"";
    List<HttpHeader> headers = List.of(RawHeader.create("ETag", etag),
        RawHeader.create("Cache-Control", "public, max-age=" + ttl.toSeconds()));
    if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), etag)) {
      return HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED).addHeaders(headers);
    }
    return HttpResponse.create().withStatus(StatusCodes.OK).addHeaders(headers)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
  }

  /** {@code If-None-Match}: a list of tags, weak ones compared weakly, or {@code *}. */
  private static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.strip();
      if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- searching

  /** One found instrument or player and how it matched. */
  record InstrumentHit(String symbol, String name, String base, String match) {}

  record PlayerHit(String username, String match) {}

  record Results(String query, List<InstrumentHit> instruments, List<PlayerHit> players) {}

  private CompletionStage<String> results(String query) {
    List<InstrumentHit> instruments = instruments(query);
    return players(query).thenApply(players -> {
      try {
        return mapper.writeValueAsString(new Results(query, instruments, players));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot render search results", e);
      }
    });
  }

  private List<InstrumentHit> instruments(String query) {
    List<InstrumentHit> hits = new ArrayList<>();
    for (Instrument i : trading.catalogue().instruments()) {
      String match = match(query, i);
      if (match != null) {
        hits.add(new InstrumentHit(i.symbol(), i.name(), i.baseAsset(), match));
      }
    }
    hits.sort(Comparator.comparingInt(hit -> rank(hit.match())));
    return hits.size() > maxResults ? List.copyOf(hits.subList(0, maxResults)) : hits;
  }

  private static String match(String query, Instrument i) {
    String symbol = i.symbol().toLowerCase(Locale.ROOT);
    String base = i.baseAsset().toLowerCase(Locale.ROOT);
    String name = i.name().toLowerCase(Locale.ROOT);
    if (symbol.equals(query) || base.equals(query)) {
      return "exact";
    }
    if (symbol.startsWith(query) || name.startsWith(query)) {
      return "prefix";
    }
    return symbol.contains(query) || name.contains(query) ? "substring" : null;
  }

  private static int rank(String match) {
    return switch (match) {
      case "exact" -> 0;
      case "prefix" -> 1;
      default -> 2;
    };
  }

  private CompletionStage<List<PlayerHit>> players(String query) {
    if (!UsernameIndex.isSearchable(query)) {
      return CompletableFuture.completedFuture(List.of());
    }
    return usernames.startingWith(query, maxResults).thenCompose(prefixed -> {
      Set<String> seen = new LinkedHashSet<>();
      List<PlayerHit> hits = new ArrayList<>();
      prefixed.stream().filter(name -> name.equalsIgnoreCase(query)).forEach(name ->
          add(hits, seen, name, "exact"));
      prefixed.forEach(name -> add(hits, seen, name, "prefix"));
      if (hits.size() >= maxResults) {
        return CompletableFuture.completedFuture(hits);
      }
      return usernames.containing(query, maxResults + seen.size(), scanLimit)
          .thenApply(containing -> {
            containing.stream().sorted(String.CASE_INSENSITIVE_ORDER)
                .forEach(name -> add(hits, seen, name, "substring"));
            return hits.size() > maxResults ? List.copyOf(hits.subList(0, maxResults)) : hits;
          });
    });
  }

  private static void add(List<PlayerHit> hits, Set<String> seen, String name, String match) {
    if (seen.add(name)) {
      hits.add(new PlayerHit(name, match));
    }
  }

  // ---------------------------------------------------------------- hashing

  /** Changes whenever an instrument's symbol or name does. */
  private static String fingerprint(List<Instrument> instruments) {
    StringBuilder text = new StringBuilder();
    instruments.forEach(i -> text.append(i.symbol()).append('=').append(i.name()).append('\n'));
    return sha256(text.toString()).substring(0, 12);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
