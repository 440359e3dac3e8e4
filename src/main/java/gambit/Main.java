package gambit;

import akka.actor.AddressFromURIString;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import akka.cluster.typed.JoinSeedNodes;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import gambit.auth.AuthService;
import gambit.auth.AuthSettings;
import gambit.auth.SigningKey;
import gambit.chess.ChessGame;
import gambit.chess.ChessSettings;
import gambit.http.ApiRoutes;
import gambit.node.ClusterListener;
import gambit.node.NodeSettings;
import gambit.node.NodeStatus;
import gambit.node.OwnRedis;
import gambit.node.Shutdown;
import gambit.persistence.redis.RedisConnector;
import gambit.persistence.redis.RedisPersistence;
import gambit.trading.Trading;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Gambit node: reads the settings, starts its own Redis when none is configured, starts the
 * ActorSystem as a cluster member (alone, through seed nodes or through cluster bootstrap),
 * starts sharding of chess games, binds the HTTP API and akka-management, and wires shutdown.
 *
 * <p>Exit codes: {@value #EXIT_STOPPED} after a requested stop (SIGTERM, SIGINT, a leave),
 * {@value #EXIT_FAILED} when it cannot start, {@value #EXIT_REMOVED} when the cluster removed it
 * (downed by the Split Brain Resolver, no seed node answered in time, or an incompatible
 * configuration): a supervisor should restart it then, as a fresh member.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);
  private static final String SYSTEM_NAME = "gambit";
  /** How often a node that cannot reach its Redis at start tries again. */
  private static final Duration REDIS_RETRY = Duration.ofSeconds(2);

  /** The node stopped because it was asked to. */
  public static final int EXIT_STOPPED = 0;
  /** The node could not start (bad settings, port taken, Redis folder in use). */
  public static final int EXIT_FAILED = 1;
  /** The cluster removed the node or it could not join; restart it. */
  public static final int EXIT_REMOVED = 2;

  /** Set when a start step that runs after the actor system started failed. */
  private static volatile boolean startFailed;

  private Main() {}

  public static void main(String[] args) {
    widenCommonPool();
    Shutdown.installEarly();
    Optional<OwnRedis> ownRedis = Optional.empty();
    ActorSystem<Void> started = null;
    try {
      Config loaded = ConfigFactory.load();
      NodeSettings settings = NodeSettings.from(loaded, System.getenv("SEED_NODES"));
      AuthSettings authSettings = AuthSettings.from(loaded);
      ChessSettings chessSettings = ChessSettings.from(loaded);
      ownRedis = startOwnRedisIfNeeded(settings, loaded);
      SigningKey key = signingKey(authSettings, settings);
      String redisUri = ownRedis.map(OwnRedis::uri).orElseGet(() -> settings.redisUri().get());
      boolean keyIsLocal = key.source() == SigningKey.Source.GENERATED;
      ActorSystem<Void> system = ActorSystem.create(
          Behaviors.setup(context -> {
            context.spawn(ClusterListener.create(keyIsLocal), "cluster-listener");
            return Behaviors.empty();
          }),
          SYSTEM_NAME, withRuntimeSettings(loaded, settings, redisUri));
      started = system;
      ownRedis.ifPresent(redis -> redis.onUnexpectedExit(() -> {
        log.error("The node's own Redis exited unexpectedly (see {}); the node cannot work"
            + " without it and stops, exit code {}", settings.redisDataDir().resolve("redis.log"),
            EXIT_FAILED);
        startFailed = true;
        CoordinatedShutdown.get(system).run(new Shutdown.OwnRedisLost());
      }));
      start(system, settings, chessSettings, AuthService.create(system, authSettings, key));
      system.getWhenTerminated().toCompletableFuture().join();
      ownRedis.ifPresent(OwnRedis::close);
      System.exit(startFailed
          ? EXIT_FAILED : exitCode(CoordinatedShutdown.get(system).getShutdownReason()));
    } catch (RuntimeException e) {
      ownRedis.ifPresent(OwnRedis::close);
      Optional<CoordinatedShutdown.Reason> reason = started == null ? Optional.empty()
          : CoordinatedShutdown.get(started).getShutdownReason();
      if (reason.isPresent()) {
        // the cluster (or a signal) ended the node while it was still starting
        log.info("Start-up interrupted by shutdown: {}", e.getMessage());
        System.exit(startFailed ? EXIT_FAILED : exitCode(reason));
      }
      log.error("Gambit node failed to start: {}", e.getMessage(), e);
      System.exit(EXIT_FAILED);
    }
  }

  /**
   * {@value #EXIT_STOPPED} for a requested stop, {@value #EXIT_REMOVED} when the cluster ended
   * this node; logged, since the second needs an operator's (or a supervisor's) attention.
   */
  private static int exitCode(Optional<CoordinatedShutdown.Reason> reason) {
    String why = reason.map(Object::toString).orElse("unknown reason");
    if (reason.isPresent() && (reason.get() instanceof Shutdown.SignalReason
        || reason.get() == CoordinatedShutdown.clusterLeavingReason())) {
      log.info("Gambit node stopped ({})", why);
      return EXIT_STOPPED;
    }
    log.warn("Gambit node stopped because the cluster removed it or it could not join ({}):"
        + " exiting with {} so that its supervisor starts it again as a new member", why,
        EXIT_REMOVED);
    return EXIT_REMOVED;
  }

  /**
   * On a machine with fewer than three cores the JDK's common pool gets parallelism 1, and
   * CompletableFuture then runs every default {@code *Async} stage (Scala-to-Java future
   * conversions included, as in Akka's ask, and what follows each response of
   * {@code java.net.http}'s {@code sendAsync}) on a brand-new thread. Two threads avoid that; an
   * explicit {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} still wins. To be
   * called first thing in a {@code main}, before anything uses the pool (the benchmarks, which
   * start a node in their own JVM, call it too).
   */
  public static void widenCommonPool() {
    String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
    if (System.getProperty(key) == null && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(key, "2");
    }
  }

  private static Optional<OwnRedis> startOwnRedisIfNeeded(NodeSettings settings,
      Config loaded) {
    if (settings.redisUri().isPresent()) {
      log.info("Using external Redis at {}", RedisConnector.redact(settings.redisUri().get()));
      return Optional.empty();
    }
    if (!settings.seedNodes().isEmpty()) {
      throw new IllegalStateException("SEED_NODES is set but REDIS_URI is not: the members of a"
          + " cluster must share one Redis, so set REDIS_URI on every node");
    }
    if (settings.clusterBootstrap()) {
      throw new IllegalStateException("CLUSTER_BOOTSTRAP is on but REDIS_URI is not set: the"
          + " members of a cluster must share one Redis, so set REDIS_URI on every node");
    }
    // a free port for Redis must not be one the node is about to bind itself
    Set<Integer> nodePorts = Set.of(settings.httpPort(),
        loaded.getInt("akka.management.http.port"),
        loaded.getInt("akka.remote.artery.canonical.port"));
    return Optional.of(OwnRedis.start(settings, nodePorts));
  }

  /**
   * The access-token key; refuses a multi-node set-up without a shared one. A lone node without
   * one generates a key, which is fine for it (refresh tokens live in Redis, so clients only
   * refresh after a restart) and therefore INFO; it becomes an operator's problem only if other
   * nodes join, which {@link ClusterListener} reports at WARN.
   */
  private static SigningKey signingKey(AuthSettings authSettings, NodeSettings settings) {
    SigningKey key = SigningKey.resolve(authSettings, settings.joinsOthers());
    switch (key.source()) {
      case GENERATED -> log.info("No JWT_SECRET or JWT_SECRET_FILE: generated an access-token"
          + " signing key for this run only. Access tokens will not survive a restart (clients"
          + " refresh) and are not valid on other nodes; set JWT_SECRET on every node before"
          + " running more than one");
      case FILE -> log.info("Access tokens are signed with the key from JWT_SECRET_FILE {}",
          authSettings.jwtSecretFile().get());
      case SECRET -> log.info("Access tokens are signed with the key from JWT_SECRET");
    }
    return key;
  }

  /**
   * The loaded config plus what is only known at run time: the Redis URI, the seed nodes and
   * the contact points that the "config" discovery method offers to cluster bootstrap.
   */
  private static Config withRuntimeSettings(Config loaded, NodeSettings settings, String redisUri) {
    // seed-nodes stays empty: Akka would join them at once, and a node must not join (and be
    // given shards) before its Redis answers; the node joins them itself (see join)
    Config runtime = ConfigFactory.empty()
        .withValue("akka-persistence-redis.uri", ConfigValueFactory.fromAnyRef(redisUri));
    if (!settings.bootstrapContactPoints().isEmpty()) {
      String service = loaded.getString(
          "akka.management.cluster.bootstrap.contact-point-discovery.service-name");
      runtime = runtime.withValue("akka.discovery.config.services." + service + ".endpoints",
          ConfigValueFactory.fromIterable(endpoints(settings.bootstrapContactPoints())));
    }
    return runtime.withFallback(loaded);
  }

  /** {@code host:port} as the {@code {host, port}} objects of akka-discovery's config method. */
  private static List<Map<String, Object>> endpoints(List<String> hostPorts) {
    return hostPorts.stream().map(hostPort -> {
      int colon = hostPort.lastIndexOf(':');
      return Map.<String, Object>of("host", hostPort.substring(0, colon),
          "port", Integer.parseInt(hostPort.substring(colon + 1)));
    }).toList();
  }

  private static void start(ActorSystem<Void> system, NodeSettings settings,
      ChessSettings chessSettings, AuthService auth) {
    Shutdown.install(system);
    CompletableFuture<Void> redisAnswers = connectRedis(system);
    CompletableFuture<Void> apiBound = new CompletableFuture<>();
    // a node joins only once it can store and serve: one that then failed would have been
    // given shards and a place in the membership for nothing
    CompletableFuture<Void> canServe = redisAnswers.thenCombine(apiBound, (redis, api) -> null);
    canServe.thenRun(() -> join(system, settings));
    // before the API binds, so that the first request finds the shard region
    ChessGame.init(system, chessSettings, Clock.systemUTC());
    log.info("Chess games are sharded on this node (remembered entities in Redis)");
    Trading.get(system).start(Clock.systemUTC());
    log.info("Dashboards are sharded on this node; the price feed runs as a cluster singleton");
    auth.usernames().backfill().whenComplete((added, error) -> {
      if (error != null) {
        log.warn("Could not index the usernames stored before the player search existed ({});"
            + " the search misses them until a node starts with Redis reachable",
            error.getMessage());
      }
    });
    bindApi(system, settings, auth, apiBound);
    AkkaManagement.get(system).start()
        .thenAccept(uri -> managementStarted(system, settings, uri, canServe))
        .exceptionally(error -> fail(system, "akka-management could not start", error));
  }

  /**
   * Called once Redis answers and the API is bound (a node that cannot store or serve must not
   * take shards): joins itself
   * when alone, or the seed nodes; with bootstrap, {@link #managementStarted} starts it once
   * the management endpoint is bound too.
   */
  private static void join(ActorSystem<Void> system, NodeSettings settings) {
    Cluster cluster = Cluster.get(system);
    Object self = cluster.selfMember().address();
    if (settings.clusterBootstrap()) {
      log.info("CLUSTER_BOOTSTRAP=on: {} looks for the cluster through discovery ({})", self,
          system.settings().config().getString("akka.discovery.method"));
    } else if (settings.seedNodes().isEmpty()) {
      log.info("No SEED_NODES: {} joins itself as a cluster of one", self);
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      log.info("Joining the cluster through seed nodes {}", settings.seedNodes());
      cluster.manager().tell(new JoinSeedNodes(settings.seedNodes().stream()
          .map(hostPort -> AddressFromURIString.parse("akka://" + SYSTEM_NAME + "@" + hostPort))
          .toList()));
    }
  }

  /**
   * Cluster bootstrap needs the management endpoint (its peers probe it to agree on a seed) and,
   * like any join, a Redis that answers and a bound API.
   */
  private static void managementStarted(ActorSystem<Void> system, NodeSettings settings,
      akka.http.javadsl.model.Uri uri, CompletionStage<Void> canServe) {
    log.info("akka-management listening on {} (/alive, /ready, /cluster/members)", uri);
    if (settings.clusterBootstrap()) {
      canServe.thenRun(() -> ClusterBootstrap.get(Adapter.toClassic(system)).start());
    }
  }


  /**
   * Opens the plugin's Redis connection now, so that problems show at start and not later, and
   * completes once it is open. A server that cannot be reached is tried again every
   * {@link #REDIS_RETRY} (the node stays not ready and out of the cluster meanwhile); refused
   * credentials stop the node with exit code 1, since no retry can fix them.
   */
  private static CompletableFuture<Void> connectRedis(ActorSystem<Void> system) {
    CompletableFuture<Void> connected = new CompletableFuture<>();
    tryRedis(system, connected, true);
    return connected;
  }

  private static void tryRedis(ActorSystem<Void> system, CompletableFuture<Void> connected,
      boolean first) {
    RedisPersistence redis = RedisPersistence.get(system);
    String uri = RedisConnector.redact(redis.settings().uri());
    CompletableFuture.supplyAsync(redis::connector).whenComplete((connector, error) -> {
      if (error == null) {
        if (!first) {
          log.info("Redis at {} answers now; the node goes on starting", uri);
        }
        connected.complete(null);
      } else if (RedisConnector.refusedCredentials(error)) {
        fail(system, "Redis at " + uri + " refused the credentials in REDIS_URI (check the"
            + " password and user)", error);
      } else if (CoordinatedShutdown.get(system).getShutdownReason().isEmpty()) {
        if (first) {
          log.warn("Redis at {} is not reachable yet ({}); the node stays not ready, does not"
              + " join the cluster, and retries every {}", uri, error.getMessage(), REDIS_RETRY);
        }
        CompletableFuture.delayedExecutor(REDIS_RETRY.toMillis(), TimeUnit.MILLISECONDS)
            .execute(() -> tryRedis(system, connected, false));
      }
    });
  }

  private static void bindApi(ActorSystem<Void> system, NodeSettings settings,
      AuthService auth, CompletableFuture<Void> apiBound) {
    Http.get(system).newServerAt(settings.httpHost(), settings.httpPort())
        .bind(new ApiRoutes(system, auth, settings.httpMaxBodySize()).route())
        .thenAccept(binding -> {
          bound(system, settings, binding);
          apiBound.complete(null);
        })
        .exceptionally(error -> fail(system, "cannot bind the HTTP API on " + settings.httpHost()
            + ":" + settings.httpPort(), error));
  }

  private static void bound(ActorSystem<Void> system, NodeSettings settings,
      ServerBinding binding) {
    binding.addToCoordinatedShutdown(settings.httpShutdownDeadline(), system);
    NodeStatus.get(Adapter.toClassic(system)).bound(binding);
    log.info("HTTP API bound to http://{}:{}", binding.localAddress().getHostString(),
        binding.localAddress().getPort());
  }

  /**
   * Stops a node that could not finish starting; {@link #main} then exits with
   * {@value #EXIT_FAILED}, or this does after 30 s if the actor system does not terminate.
   */
  private static Void fail(ActorSystem<Void> system, String what, Throwable error) {
    if (CoordinatedShutdown.get(system).getShutdownReason().isPresent()) {
      // the cluster (or a signal) ended the node while this step ran: that decides the exit
      log.info("{} because the node is already shutting down: {}", what, error.getMessage());
      return null;
    }
    log.error("{}: {}", what, error.getMessage());
    startFailed = true;
    system.terminate();
    CompletableFuture.delayedExecutor(30, TimeUnit.SECONDS)
        .execute(() -> System.exit(EXIT_FAILED));
    return null;
  }
}
