package gambit.testing;

import akka.actor.Address;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import gambit.auth.AuthService;
import gambit.auth.AuthSettings;
import gambit.auth.SigningKey;
import gambit.http.ApiRoutes;
import gambit.trading.Trading;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A trading node for tests: an ActorSystem that is a cluster of one (so sharding and the price
 * feed singleton run), {@link Trading} started, and the node's real {@link ApiRoutes} bound to an
 * ephemeral loopback port, with a Java HTTP client to call it. Journal, snapshots, trading keys
 * and auth keys all live under the given key prefix on the given Redis, so two servers started
 * one after the other with the same prefix act as one node restarted, and {@link #joining} adds a
 * second node to a server's cluster. The price simulator is off unless the overrides turn it on;
 * password hashing uses 1000 iterations.
 */
public final class TradingServer extends TestHttpServer {

  private final String redisUri;
  private final String keyPrefix;
  private final String overrides;

  private TradingServer(ActorSystem<Void> system, ServerBinding binding, AuthService auth,
      String redisUri, String keyPrefix, String overrides) {
    super(system, binding, auth, Duration.ofSeconds(20), Duration.ofSeconds(30));
    this.redisUri = redisUri;
    this.keyPrefix = keyPrefix;
    this.overrides = overrides;
  }

  /**
   * Starts a node.
   *
   * @param keyPrefix prefix of every Redis key the node writes
   * @param overrides HOCON on top of the test defaults
   */
  public static TradingServer start(String redisUri, String keyPrefix, String overrides) {
    return start(redisUri, keyPrefix, overrides, null);
  }

  /** A second node of the seed's cluster, on the same Redis and key prefix. */
  public static TradingServer joining(TradingServer seed) {
    return start(seed.redisUri, seed.keyPrefix, seed.overrides,
        Cluster.get(seed.system()).selfMember().address());
  }

  private static TradingServer start(String redisUri, String keyPrefix, String overrides,
      Address seed) {
    Config config = ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            akka.loglevel = INFO
            akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            akka.remote.artery.canonical.port = 0
            akka-persistence-redis.uri = "%1$s"
            akka-persistence-redis.key-prefix = "%2$s"
            gambit.trading.redis-key-prefix = "%2$s:trading"
            gambit.trading.feed.simulator.enabled = off
            # tests place orders as fast as they can; the order rate has tests of its own
            gambit.trading.dashboard.order-rate.per-second = 0
            gambit.auth.redis-key-prefix = "%2$s:auth"
            gambit.auth.password.iterations = 1000
            # the trading tests register many users from one address
            gambit.auth.register-throttle.per-address.max-registrations = 100000
            gambit.auth.password.hashing.max-in-flight = 100
            gambit.auth.jwt.secret = "%3$s"
            """.formatted(redisUri, keyPrefix, ApiServer.SECRET)))
        .withFallback(ConfigFactory.load())
        .resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "gambit", config);
    try {
      join(system, seed);
      Trading.get(system).start(Clock.systemUTC());
      AuthSettings settings = AuthSettings.from(config);
      AuthService auth = AuthService.create(system, settings, SigningKey.resolve(settings, false));
      ApiRoutes api = new ApiRoutes(system, auth, config.getBytes("gambit.http.max-body-size"));
      ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(api.route())
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new TradingServer(system, binding, auth, redisUri, keyPrefix, overrides);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("cannot start the trading server: " + e, e);
    }
  }

  /** Joins the seed's cluster, or forms one alone when the seed is null. */
  private static void join(ActorSystem<Void> system, Address seed) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(seed == null ? cluster.selfMember().address() : seed));
    awaitUp(system);
  }

  public Trading trading() {
    return Trading.get(system());
  }

  /** Registers {@code name} and logs in through the node's auth service: its access token. */
  public String accessToken(String name) {
    String password = "correct horse battery staple";
    auth().register(name, password, "127.0.0.1").toCompletableFuture().join();
    AuthService.Login login = auth().login(name, password, "127.0.0.1").toCompletableFuture()
        .join();
    return ((AuthService.LoggedIn) login).tokens().accessToken();
  }
}
