package gambit.trading;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.StashBuffer;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.pubsub.Topic;
import gambit.serialization.CborSerializable;
import gambit.trading.model.Instrument;
import gambit.trading.model.InstrumentCatalogue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market's price feed: one per cluster (a cluster singleton, see {@link Trading}). It holds
 * the current price of every instrument, moves them with a seeded random walk when the simulator
 * is on, takes ticks pushed by an operator's outside feed, publishes each live tick to every node
 * (through the per-instrument pub/sub topics of {@link MarketTopics}) and records each tick's last
 * price and candles in Redis ({@link MarketData}); nothing goes to the journal. A child that
 * ignores ticks stays subscribed to every topic on the feed's node, so a tick that nobody watches
 * is delivered there rather than logged as a dead letter.
 *
 * <p>Start: it first reads the last prices from Redis and resumes from them (the catalogue's
 * starting prices for instruments without one), so prices continue where they were when the
 * singleton moves to another node; commands wait meanwhile. If Redis cannot be read after a few
 * attempts it starts from the catalogue and says so at WARN.
 *
 * <p>Live and historical ticks: a pushed tick older than the instrument's current tick only
 * updates the candles of its time (a backfill); it is not published and does not change the
 * price. Simulated prices stay on the instrument's tick ({@link Instrument#toTick}).
 */
public final class PriceFeed extends AbstractBehavior<PriceFeed.Command> {

  private static final Logger log = LoggerFactory.getLogger(PriceFeed.class);
  private static final int RESUME_ATTEMPTS = 3;
  private static final Duration RESUME_RETRY = Duration.ofSeconds(1);
  /** Redis writes that may be outstanding before simulated ticks skip recording. */
  private static final int MAX_WRITES_IN_FLIGHT = 1000;

  // ---------------------------------------------------------------- protocol

  /** What the feed accepts. */
  public sealed interface Command {}

  /**
   * Ticks from an outside feed, already validated (known symbols, prices on the tick, times
   * not in the future), applied in order.
   */
  public record PushTicks(List<Tick> ticks, ActorRef<Pushed> replyTo)
      implements Command, CborSerializable {
    /** Copies the list. */
    public PushTicks {
      ticks = List.copyOf(ticks);
      Objects.requireNonNull(replyTo, "replyTo");
    }
  }

  /**
   * The answer to {@link PushTicks}, sent once every tick is recorded (or failed to be).
   *
   * @param live ticks that became current prices and were published
   * @param historical ticks older than the current price, recorded in the candles only
   * @param storeFailure why Redis did not record them all, or null when it did
   */
  public record Pushed(int live, int historical, String storeFailure)
      implements CborSerializable {}

  /** Stops the singleton when it hands over to another node. */
  public enum Stop implements Command, CborSerializable { INSTANCE }

  private enum SimulateTick implements Command { INSTANCE }

  private record Resumed(Map<String, Tick> last) implements Command {}

  private record ResumeFailed(int attempt, Throwable error) implements Command {}

  private record RetryResume(int attempt) implements Command {}

  // ---------------------------------------------------------------- creation

  private final MarketData market;
  private final MarketTopics topics;
  private final TradingSettings.FeedSettings settings;
  private final Clock clock;
  private final List<Instrument> instruments;
  private final Map<String, Tick> current = new HashMap<>();
  private final Random random;
  /** Updated from Redis' completion threads as well, hence atomic. */
  private final AtomicInteger writesInFlight = new AtomicInteger();

  /**
   * The feed's behavior.
   *
   * @param topics this node's tick topics, through which ticks reach every node
   * @param clock the time of simulated ticks
   */
  public static Behavior<Command> create(InstrumentCatalogue catalogue, MarketData market,
      MarketTopics topics, TradingSettings.FeedSettings settings, Clock clock) {
    return Behaviors.withStash(10_000, stash -> Behaviors.setup(context ->
        Behaviors.withTimers(timers -> {
          context.pipeToSelf(market.lastPrices(symbols(catalogue)),
              (last, error) -> error == null ? new Resumed(last) : new ResumeFailed(1, error));
          Parts parts = new Parts(context, timers, catalogue, market, topics, settings, clock);
          return resuming(parts, stash);
        })));
  }

  /** What the feed is made of, passed from its start to its running behavior. */
  private record Parts(ActorContext<Command> context, TimerScheduler<Command> timers,
      InstrumentCatalogue catalogue, MarketData market, MarketTopics topics,
      TradingSettings.FeedSettings settings, Clock clock) {}

  private static Behavior<Command> resuming(Parts parts, StashBuffer<Command> stash) {
    ActorContext<Command> context = parts.context();
    MarketData market = parts.market();
    InstrumentCatalogue catalogue = parts.catalogue();
    return Behaviors.receive(Command.class)
        .onMessage(Resumed.class, resumed ->
            stash.unstashAll(new PriceFeed(parts, resumed.last())))
        .onMessage(ResumeFailed.class, failed -> {
          if (failed.attempt() >= RESUME_ATTEMPTS) {
            log.warn("Price feed cannot read the last prices from Redis ({}): starting from the"
                + " catalogue's prices", failed.error().getMessage());
            return stash.unstashAll(new PriceFeed(parts, Map.of()));
          }
          context.scheduleOnce(RESUME_RETRY, context.getSelf(),
              new RetryResume(failed.attempt() + 1));
          return Behaviors.same();
        })
        .onMessage(RetryResume.class, retry -> {
          context.pipeToSelf(market.lastPrices(symbols(catalogue)), (last, error) ->
              error == null ? new Resumed(last) : new ResumeFailed(retry.attempt(), error));
          return Behaviors.same();
        })
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .onAnyMessage(command -> {
          stash.stash(command);
          return Behaviors.same();
        })
        .build();
  }

  private PriceFeed(Parts parts, Map<String, Tick> last) {
    super(parts.context());
    this.market = parts.market();
    this.topics = parts.topics();
    this.settings = parts.settings();
    this.clock = parts.clock();
    this.instruments = parts.catalogue().instruments();
    this.random = new Random(settings.seed());
    for (Instrument instrument : instruments) {
      Tick resumed = last.get(instrument.symbol());
      // a starting price is no observation: dated at the epoch, any pushed tick is newer
      current.put(instrument.symbol(), resumed != null ? resumed
          : new Tick(instrument.symbol(), instrument.startingPrice(), Instant.EPOCH));
    }
    ActorRef<Tick> sink = getContext().spawn(Behaviors.ignore(), "unwatched-ticks");
    instruments.forEach(i -> topics.ticks(i.symbol()).tell(Topic.subscribe(sink)));
    log.info("Price feed started on {} with {} instruments ({} resumed from Redis), simulator {}",
        getContext().getSystem().address(), instruments.size(), last.size(),
        settings.simulatorEnabled() ? "on, a tick every " + settings.tickInterval() : "off");
    if (settings.simulatorEnabled()) {
      parts.timers().startTimerAtFixedRate(SimulateTick.INSTANCE, settings.tickInterval());
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(SimulateTick.INSTANCE, this::simulate)
        .onMessage(PushTicks.class, this::push)
        .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
        .build();
  }

  // ---------------------------------------------------------------- ticks

  private Behavior<Command> simulate() {
    Instrument instrument = instruments.get(random.nextInt(instruments.size()));
    BigDecimal price = current.get(instrument.symbol()).price();
    double change = settings.volatility() * random.nextGaussian();
    BigDecimal moved = instrument.toTick(price.multiply(BigDecimal.valueOf(1 + change),
        MathContext.DECIMAL64));
    Tick tick = new Tick(instrument.symbol(), moved, clock.instant());
    goLive(tick);
    if (writesInFlight.get() < MAX_WRITES_IN_FLIGHT) {
      record(tick);
    } else {
      log.debug("Redis is behind ({} writes in flight): tick of {} not recorded",
          writesInFlight, tick.symbol());
    }
    return this;
  }

  private Behavior<Command> push(PushTicks push) {
    int live = 0;
    List<CompletionStage<Boolean>> writes = new ArrayList<>(push.ticks().size());
    for (Tick tick : push.ticks()) {
      if (!tick.time().isBefore(current.get(tick.symbol()).time())) {
        goLive(tick);
        live++;
      }
      writes.add(record(tick));
    }
    int pushedLive = live;
    CompletableFuture.allOf(writes.stream().map(CompletionStage::toCompletableFuture)
            .toArray(CompletableFuture[]::new))
        .whenComplete((done, error) -> push.replyTo().tell(new Pushed(pushedLive,
            push.ticks().size() - pushedLive, error == null ? null : error.getMessage())));
    return this;
  }

  private void goLive(Tick tick) {
    current.put(tick.symbol(), tick);
    topics.publish(tick);
  }

  /** Counts writes in flight so that a slow Redis cannot pile up unbounded work. */
  private CompletionStage<Boolean> record(Tick tick) {
    writesInFlight.incrementAndGet();
    CompletionStage<Boolean> write = market.record(tick);
    write.whenComplete((changed, error) -> {
      writesInFlight.decrementAndGet();
      if (error != null) {
        log.debug("Tick of {} not recorded: {}", tick.symbol(), error.getMessage());
      }
    });
    return write;
  }

  private static List<String> symbols(InstrumentCatalogue catalogue) {
    return catalogue.instruments().stream().map(Instrument::symbol).toList();
  }
}
