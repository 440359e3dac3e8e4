package gambit.trading;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.pubsub.Topic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's pub/sub topic actors for ticks: one topic per instrument ({@code ticks.<symbol>}),
 * started on first use and shared by every subscriber on the node (dashboards, and the node's
 * {@link TickHub}, which subscribes once for all its sockets).
 *
 * <p>Why one topic per instrument rather than one for all ticks: a dashboard or a socket watches a
 * handful of the instruments, so per-instrument topics deliver each tick only to the nodes and
 * actors that watch it, instead of sending every tick to every subscriber to be filtered there.
 * A topic actor registers with the receptionist only while it has local subscribers, so a node
 * without watchers of an instrument receives none of its ticks.
 *
 * <p>Per-user topics ({@link #dashboardTopicName}) carry a dashboard's order, fill and balance
 * updates; the entity and each socket run their own topic actor for them as a child, so it stops
 * with them. Thread-safe.
 */
public final class MarketTopics {

  private final ActorSystem<?> system;
  private final Map<String, ActorRef<Topic.Command<Tick>>> ticks = new ConcurrentHashMap<>();

  public MarketTopics(ActorSystem<?> system) {
    this.system = system;
  }

  /** The node's topic actor for the ticks of {@code symbol} (a catalogue symbol). */
  public ActorRef<Topic.Command<Tick>> ticks(String symbol) {
    return ticks.computeIfAbsent(symbol, s ->
        system.systemActorOf(Topic.create(Tick.class, tickTopicName(s)), "ticks-" + s,
            Props.empty()));
  }

  /** Publishes a tick to every node's subscribers of its instrument. */
  public void publish(Tick tick) {
    ticks(tick.symbol()).tell(Topic.publish(tick));
  }

  /** The cluster-wide name of an instrument's tick topic. */
  public static String tickTopicName(String symbol) {
    return "ticks." + symbol;
  }

  /** The cluster-wide name of a user's dashboard update topic. */
  public static String dashboardTopicName(String userId) {
    return "dashboard." + userId;
  }
}
