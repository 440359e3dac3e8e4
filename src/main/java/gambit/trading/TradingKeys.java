package gambit.trading;

/**
 * Every Redis key the trading area writes outside the journal, in one place. {@code <p>} is
 * {@code gambit.trading.redis-key-prefix} ({@code gambit:trading}). Dashboards themselves live in
 * the journal and snapshot store under the persistence id {@code Dashboard|<user id>}. The keys
 * of one instrument share the hash tag {@code {<symbol>}} so that one script updates them all on
 * Redis Cluster too; every other command touches one key.
 *
 * <pre>
 * &lt;p&gt;:{&lt;symbol&gt;}:last
 *     string "&lt;price&gt;:&lt;epoch ms&gt;", the instrument's newest tick; written by the price
 *     feed only (record-tick.lua), read when the feed resumes and by the instrument routes;
 *     no TTL
 * &lt;p&gt;:{&lt;symbol&gt;}:candles:&lt;interval&gt;     (interval 1m, 5m, 1h, 1d)
 *     sorted set, score = bucket start (epoch ms), member = "start:open:high:low:close:
 *     ticks:first tick ms:last tick ms" (one string, no spaces);
 *     updated per tick by record-tick.lua, which keeps the newest N buckets
 *     (gambit.trading.candles.retention); no TTL
 * &lt;p&gt;:idem:{&lt;user id&gt;}:&lt;Idempotency-Key&gt;
 *     hash of an order request's claim and answer: request (SHA-256), order (id), deadline
 *     (epoch ms), status (0 until answered), body (see gambit.http.OrderIdempotency); created
 *     by a script only if absent, TTL gambit.trading.idempotency.ttl
 * &lt;p&gt;:search:&lt;catalogue fingerprint&gt;:&lt;normalised query&gt;
 *     string, the JSON answer of GET /api/search; TTL gambit.trading.search.cache-ttl
 * </pre>
 *
 * <p>The player search reads the auth area's username index ({@code gambit.auth.AuthKeys}).
 */
public final class TradingKeys {

  private final String prefix;

  public TradingKeys(String prefix) {
    this.prefix = prefix;
  }

  public String lastPrice(String symbol) {
    return prefix + ":{" + symbol + "}:last";
  }

  public String candles(String symbol, CandleInterval interval) {
    return prefix + ":{" + symbol + "}:candles:" + interval.wireName();
  }

  public String idempotency(String userId, String idempotencyKey) {
    return prefix + ":idem:{" + userId + "}:" + idempotencyKey;
  }

  public String searchCache(String catalogueFingerprint, String normalisedQuery) {
    return prefix + ":search:" + catalogueFingerprint + ":" + normalisedQuery;
  }
}
