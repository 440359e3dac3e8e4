package gambit.http;

import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.json;
import static gambit.http.TradingFlows.registeredAndLoggedIn;
import static gambit.http.TradingFlows.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/search}: instruments and players ranked exact, prefix, substring; answers
 * cached in Redis for a short TTL; ETag and Cache-Control for HTTP caches, 304 on a matching
 * If-None-Match.
 */
class SearchRoutesTest {

  private static List<String> field(JsonNode hits, String name) {
    List<String> values = new ArrayList<>();
    hits.forEach(hit -> values.add(hit.path(name).asText()));
    return values;
  }

  private static JsonNode search(String q) {
    HttpResponse<String> answer = server().get("/api/search?q=" + q);
    assertEquals(200, answer.statusCode(), answer.body());
    return json(answer);
  }

  @Test
  void instrumentsRankExactSymbolOrAssetThenPrefixThenSubstring() {
    JsonNode sol = search("sol").path("instruments");
    assertEquals(List.of("SOL-USD"), field(sol, "symbol"));
    assertEquals(List.of("exact"), field(sol, "match"));

    JsonNode eth = search("ETH").path("instruments");
    assertEquals("ETH-USD", eth.get(0).path("symbol").asText());
    assertEquals("exact", eth.get(0).path("match").asText());
    assertEquals("ETC-USD", eth.get(1).path("symbol").asText(), "Ethereum Classic: prefix");
    assertEquals("prefix", eth.get(1).path("match").asText());

    JsonNode coin = search("coin").path("instruments");
    List<String> matches = field(coin, "match");
    assertTrue(matches.contains("substring"), coin.toString());
    assertTrue(field(coin, "symbol").contains("BTC-USD"), "Bitcoin contains coin");
    assertEquals(matches.stream().sorted((a, b) -> rank(a) - rank(b)).toList(), matches);
  }

  private static int rank(String match) {
    return List.of("exact", "prefix", "substring").indexOf(match);
  }

  @Test
  void playersRankExactThenPrefixThenSubstringIgnoringCase() {
    String stem = "zq" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    registeredAndLoggedIn("x_" + stem + "_tail");
    registeredAndLoggedIn(stem + "_b");
    registeredAndLoggedIn(stem.toUpperCase());
    registeredAndLoggedIn(stem + "_a");

    JsonNode players = search(stem).path("players");
    assertEquals(List.of(stem.toUpperCase(), stem + "_a", stem + "_b", "x_" + stem + "_tail"),
        field(players, "username"));
    assertEquals(List.of("exact", "prefix", "prefix", "substring"), field(players, "match"));
    assertEquals(List.of(), field(search("no_such_player_" + stem).path("players"), "username"));
  }

  @Test
  void answersCarryAnEtagAndCacheControlAndAMatchingIfNoneMatchAnswers304() {
    HttpResponse<String> first = server().get("/api/search?q=doge");
    assertEquals(200, first.statusCode(), first.body());
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
    assertEquals(Optional.of("public, max-age=10"), first.headers().firstValue("Cache-Control"));

    HttpResponse<String> again = server().get("/api/search?q=DOGE", "If-None-Match", etag);
    assertEquals(304, again.statusCode(), again.body());
    assertEquals("", again.body());
    assertEquals(Optional.of(etag), again.headers().firstValue("ETag"));
    assertEquals(Optional.of("public, max-age=10"), again.headers().firstValue("Cache-Control"));

    HttpResponse<String> stale = server().get("/api/search?q=doge", "If-None-Match",
        "\"0123\", W/\"4567\"");
    assertEquals(200, stale.statusCode());
    assertEquals(first.body(), stale.body());
  }

  @Test
  void answersAreCachedInRedisForTheTtlSoANewPlayerShowsUpAfterIt() {
    String stem = "zc" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
    registeredAndLoggedIn(stem + "_one");
    assertEquals(1, search(stem).path("players").size());
    registeredAndLoggedIn(stem + "_two");
    assertEquals(1, search(stem).path("players").size(), "served from the cache");

    RedisClient client = RedisClient.create(TestRedis.shared().uri());
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      List<String> keys = redis.sync().keys("*:search:*:" + stem);
      assertEquals(1, keys.size(), keys.toString());
      long ttl = redis.sync().pttl(keys.get(0));
      assertTrue(ttl > 0 && ttl <= 10_000, "ttl " + ttl);
      redis.sync().del(keys.get(0));
    } finally {
      client.shutdown();
    }
    assertEquals(2, search(stem).path("players").size(), "a fresh answer once it expired");
  }

  @Test
  void aMissingBlankOrLongQueryAnswers400() {
    assertProblem(server().get("/api/search"), 400, "q is required");
    assertProblem(server().get("/api/search?q=%20%20"), 400, "q is required");
    assertProblem(server().get("/api/search?q=" + "a".repeat(65)), 400, "at most 64");
  }
}
