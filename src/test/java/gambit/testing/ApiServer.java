package gambit.testing;

import static akka.http.javadsl.server.Directives.concat;

import akka.actor.Address;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import gambit.auth.AuthService;
import gambit.auth.AuthSettings;
import gambit.auth.SigningKey;
import gambit.chess.ChessGame;
import gambit.chess.ChessSettings;
import gambit.http.ApiRoutes;
import gambit.http.Authentication;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A node's HTTP API without the rest of the node: an ActorSystem (local provider, no cluster,
 * no management; or, from {@link #startWithGames}, a cluster of one with chess games sharded)
 * with the real {@link ApiRoutes} bound to an ephemeral loopback port, Redis at
 * the given URI, and a Java HTTP client to call it. Each server gets its own Redis key prefix
 * unless the overrides set one, so tests sharing one Redis do not see each other's accounts or
 * throttle counters. Password hashing uses 1000 iterations to keep tests fast.
 */
public final class ApiServer extends TestHttpServer {

  /** 64 bytes: long enough for the HS512 token of the wrong-algorithm test as well. */
  public static final String SECRET =
      "test-secret-0123456789abcdef0123456789abcdef0123456789abcdef-0001";

  private final Config config;
  private final ApiRoutes api;

  private ApiServer(ActorSystem<Void> system, ServerBinding binding, AuthService auth,
      Config config, ApiRoutes api) {
    super(system, binding, auth, Duration.ofSeconds(15), Duration.ofSeconds(20));
    this.config = config;
    this.api = api;
  }

  /** A server on Redis at {@code redisUri} with these HOCON overrides. */
  public static ApiServer start(String redisUri, String overrides) {
    return start(redisUri, overrides, authentication -> null);
  }

  /**
   * Like {@link #start(String, String)}, plus a test route tried before the API's (it gets the
   * API's authentication directive; return null for none).
   */
  public static ApiServer start(String redisUri, String overrides,
      Function<Authentication, Route> extraRoute) {
    return start(redisUri, overrides, extraRoute, null);
  }

  /**
   * A server whose node is a cluster of one with chess games sharded on it, game clocks read
   * from {@code clock}. Unless the overrides set {@code akka-persistence-redis.key-prefix}, the
   * server journals under a prefix of its own, so that no other test's remembered games start
   * here; two servers given the same prefix one after the other act as one node restarted.
   */
  public static ApiServer startWithGames(String redisUri, String overrides, Clock clock) {
    String cluster = """
        akka.actor.provider = cluster
        akka.remote.artery.canonical.port = 0
        akka-persistence-redis.key-prefix = "games-%s"
        """.formatted(UUID.randomUUID());
    // later HOCON keys win: the caller's overrides come last
    return start(redisUri, cluster + overrides, authentication -> null, clock);
  }

  /**
   * A second node for {@code seed}'s cluster: same Redis, same journal key prefix, games
   * sharded over both; it serves the whole API too.
   */
  public static ApiServer joining(ApiServer seed, Clock clock) {
    Address address = Cluster.get(seed.system()).selfMember().address();
    String join = """
        akka-persistence-redis.key-prefix = "%s"
        akka.cluster.seed-nodes = ["%s"]
        """.formatted(seed.config().getString("akka-persistence-redis.key-prefix"), address);
    return startWithGames(seed.config().getString("akka-persistence-redis.uri"), join, clock);
  }

  private static ApiServer start(String redisUri, String overrides,
      Function<Authentication, Route> extraRoute, Clock gameClock) {
    Config config = ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            akka.actor.provider = local
            akka.loglevel = INFO
            akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            gambit.auth.password.iterations = 1000
            # tests place orders as fast as they can; the order rate has tests of its own
            gambit.trading.dashboard.order-rate.per-second = 0
            # tests register many users from 127.0.0.1; the throttle has tests of its own
            gambit.auth.register-throttle.per-address.max-registrations = 100000
            gambit.auth.jwt.secret = "%s"
            gambit.auth.redis-key-prefix = "test-%s"
            """.formatted(SECRET, UUID.randomUUID())))
        .withFallback(ConfigFactory.parseString(
            "akka-persistence-redis.uri = \"" + redisUri + "\""))
        .withFallback(ConfigFactory.load())
        .resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "gambit", config);
    try {
      if (gameClock != null) {
        joinItself(system);
        ChessGame.init(system, ChessSettings.from(config), gameClock);
      }
      AuthSettings settings = AuthSettings.from(config);
      AuthService auth = AuthService.create(system, settings, SigningKey.resolve(settings, false));
      ApiRoutes api = new ApiRoutes(system, auth,
          config.getBytes("gambit.http.max-body-size"));
      Route extra = extraRoute.apply(api.authentication());
      Route route = extra == null ? api.route() : concat(extra, api.route());
      ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(route)
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      return new ApiServer(system, binding, auth, config, api);
    } catch (Exception e) {
      system.terminate();
      throw new IllegalStateException("cannot start the API server: " + e, e);
    }
  }

  /** Joins the configured seed node, or itself when there is none; waits until Up. */
  private static void joinItself(ActorSystem<Void> system) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    if (system.settings().config().getStringList("akka.cluster.seed-nodes").isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
    awaitUp(system);
  }

  public ApiRoutes api() {
    return api;
  }

  public Config config() {
    return config;
  }
}
