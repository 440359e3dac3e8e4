package gambit.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
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
import gambit.node.RedisServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One node inside a benchmark's JVM: a cluster of one with the real {@link ApiRoutes} bound to
 * a free loopback port, on a redis-server of its own ({@code appendonly yes},
 * {@code appendfsync everysec}, data in a temporary folder deleted on {@link #close}) unless a
 * Redis URI is given. Journal keys go under a random prefix. Password hashing uses 1000
 * iterations and the registration throttle is lifted, so that a benchmark can register its
 * players quickly; everything else is the node's configuration.
 */
final class BenchNode implements AutoCloseable {

  private final ActorSystem<Void> system;
  private final int port;
  private final AuthService auth;
  private final RedisServerProcess redis;
  private final Path folder;
  private final String redisUri;

  private BenchNode(ActorSystem<Void> system, int port, AuthService auth,
      RedisServerProcess redis, Path folder, String redisUri) {
    this.system = system;
    this.port = port;
    this.auth = auth;
    this.redis = redis;
    this.folder = folder;
    this.redisUri = redisUri;
  }

  /**
   * Starts Redis (unless {@code redisUri} is given) and the node, and waits until it serves.
   *
   * @param redisUri an existing Redis, or null to start one
   * @param overrides HOCON laid over the node's configuration
   * @param areas starts the domain areas the benchmark needs (trading, chess), before the API
   *     is bound
   */
  static BenchNode start(String redisUri, String overrides, Consumer<ActorSystem<Void>> areas)
      throws Exception {
    Path folder = Files.createTempDirectory("gambit-bench-node-");
    RedisServerProcess redis = null;
    String uri = redisUri;
    if (uri == null) {
      redis = RedisServerProcess.start(RedisServerProcess.locateBinary(folder.resolve("bin"))
              .path(), "127.0.0.1", RedisServerProcess.freePort(), folder.resolve("data"),
          Map.of("appendonly", "yes", "appendfsync", "everysec"));
      uri = redis.uri();
    }
    Config config = ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseString("""
            akka.loglevel = WARNING
            akka.http.server.max-connections = 20000
            akka.remote.artery.canonical.port = 0
            akka-persistence-redis.uri = "%s"
            akka-persistence-redis.key-prefix = "bench-%s"
            gambit.auth.password.iterations = 1000
            gambit.auth.register-throttle.per-address.max-registrations = 100000
            # the order benchmark's users place orders in a closed loop, as fast as they can
            gambit.trading.dashboard.order-rate.per-second = 0
            gambit.auth.jwt.secret = "%s"
            """.formatted(uri, UUID.randomUUID(), UUID.randomUUID() + "-" + UUID.randomUUID())))
        .withFallback(ConfigFactory.load()).resolve();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "gambit", config);
    joinItself(system);
    areas.accept(system);
    AuthSettings settings = AuthSettings.from(config);
    AuthService auth = AuthService.create(system, settings, SigningKey.resolve(settings, false));
    ServerBinding binding = Http.get(system).newServerAt("127.0.0.1", 0)
        .bind(new ApiRoutes(system, auth, config.getBytes("gambit.http.max-body-size")).route())
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new BenchNode(system, binding.localAddress().getPort(), auth, redis, folder, uri);
  }

  private static void joinItself(ActorSystem<Void> system) throws InterruptedException {
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    while (cluster.selfMember().status() != MemberStatus.up()) {
      Thread.sleep(10);
    }
  }

  ActorSystem<Void> system() {
    return system;
  }

  /** The API's port on 127.0.0.1. */
  int port() {
    return port;
  }

  AuthService auth() {
    return auth;
  }

  /** The Redis the node journals to. */
  String redisUri() {
    return redisUri;
  }

  /** Which Redis: ours (binary, data folder) or the given one. */
  String redisDescription() {
    return redis == null ? "given with --redis-uri"
        : "started by this program: " + redis.binary() + " on " + redis.uri()
            + " (appendonly yes, appendfsync everysec), data deleted at the end";
  }

  /** Stops the node, then our own Redis, and deletes its folder. */
  @Override
  public void close() throws Exception {
    try {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      if (redis != null) {
        redis.close();
      }
      deleteFolder();
    }
  }

  private void deleteFolder() throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
