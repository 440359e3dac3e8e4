package gambit.trading;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityRef;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.SingletonActor;
import gambit.node.RedisStore;
import gambit.trading.model.InstrumentCatalogue;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading area of a node, as an Akka extension: its settings, the instrument catalogue, the
 * market data in Redis, this node's tick topics and its tick hub for sockets, and (after {@link #start}) the sharded
 * {@link Dashboard} entities and the {@link PriceFeed} singleton's proxy.
 *
 * <p>{@link #get} gives the stateless parts on any actor system; {@link #start} needs a cluster
 * ({@code akka.actor.provider = cluster}) and is called once by the node ({@code gambit.Main})
 * or a test; the cluster parts fail with {@link IllegalStateException} before that. Thread-safe.
 */
public final class Trading implements Extension {

  private static final Logger log = LoggerFactory.getLogger(Trading.class);

  /** The extension id. */
  public static final ExtensionId<Trading> ID = new ExtensionId<>() {
    @Override
    public Trading createExtension(ActorSystem<?> system) {
      return new Trading(system);
    }
  };

  private final ActorSystem<?> system;
  private final TradingSettings settings;
  private final InstrumentCatalogue catalogue;
  private final MarketData market;
  private final MarketTopics topics;
  private final TickHub ticks;
  private volatile ActorRef<PriceFeed.Command> feed;

  private Trading(ActorSystem<?> system) {
    this.system = system;
    this.settings = TradingSettings.from(system.settings().config());
    this.catalogue = InstrumentCatalogue.load();
    this.market = new MarketData(RedisStore.get(system), new TradingKeys(settings.keyPrefix()),
        settings.candleRetention());
    this.topics = new MarketTopics(system);
    this.ticks = new TickHub(system, topics, "tick-hub");
  }

  public static Trading get(ActorSystem<?> system) {
    return system.registerExtension(ID);
  }

  /**
   * Starts the node's part of the cluster-wide machinery: the Dashboard shard region and the
   * price feed singleton (here or on another node). Idempotent.
   *
   * @param clock the time of orders, fills and simulated ticks
   */
  public synchronized Trading start(Clock clock) {
    if (feed != null) {
      return this;
    }
    Dashboard.Resources resources =
        new Dashboard.Resources(settings, catalogue, market, topics, clock);
    ClusterShardingSettings sharding =
        ClusterShardingSettings.fromConfig(settings.dashboard().sharding());
    ClusterSharding.get(system).init(Entity.of(Dashboard.ENTITY_TYPE_KEY,
            entity -> Dashboard.create(entity.getEntityId(), resources, entity.getShard()))
        .withStopMessage(Dashboard.Stop.INSTANCE)
        .withSettings(sharding));
    feed = ClusterSingleton.get(system).init(SingletonActor.of(
            Behaviors.supervise(PriceFeed.create(catalogue, market, topics,
                    settings.feed(), clock))
                .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1),
                    Duration.ofSeconds(30), 0.2)),
            "price-feed")
        .withStopMessage(PriceFeed.Stop.INSTANCE));
    log.info("Trading started: {} instruments, dashboards sharded, price feed singleton",
        catalogue.instruments().size());
    return this;
  }

  public TradingSettings settings() {
    return settings;
  }

  public InstrumentCatalogue catalogue() {
    return catalogue;
  }

  public MarketData market() {
    return market;
  }

  public MarketTopics topics() {
    return topics;
  }

  /** This node's fan-out of ticks to its sockets. */
  public TickHub ticks() {
    return ticks;
  }

  /** The price feed singleton (through this node's proxy). */
  public ActorRef<PriceFeed.Command> feed() {
    ActorRef<PriceFeed.Command> started = feed;
    if (started == null) {
      throw new IllegalStateException("trading is not started on this node");
    }
    return started;
  }

  /** The dashboard of a user, wherever the cluster runs it. */
  public EntityRef<Dashboard.Command> dashboard(String userId) {
    feed();
    return ClusterSharding.get(system).entityRefFor(Dashboard.ENTITY_TYPE_KEY, userId);
  }
}
