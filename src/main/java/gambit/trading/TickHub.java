package gambit.trading;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's fan-out of ticks to its sockets: one subscription to an instrument's pub/sub topic
 * ({@link MarketTopics}) per node, however many sockets watch it, and a plain registry of
 * {@link Watcher}s that the hub's actor calls for each tick.
 *
 * <p>Why not one topic subscription per socket: the topic then sends each tick as one actor
 * message to each socket's session, which forwards it to its stream as another and gets an
 * acknowledgement back, three actor messages per socket per tick on top of what akka-http needs
 * to write the frame. Here a tick is one message to the hub per node, then one method call per
 * watcher, which only stores it ({@link Outbox#tick}) and wakes the socket's stream if it waits.
 *
 * <p>The hub subscribes to an instrument's topic while it has at least one watcher and
 * unsubscribes when the last one leaves, so a node without watchers of an instrument still
 * receives none of its ticks. Registration is immediate; ticks already being delivered may still
 * reach a watcher that just left, so a watcher that must stop at once filters by itself (as
 * {@link Outbox} does). {@link #watch} and {@link #unwatch} are thread-safe.
 */
public final class TickHub {

  private static final Logger log = LoggerFactory.getLogger(TickHub.class);

  /** Receives the ticks of the instruments it watches. */
  public interface Watcher {
    /**
     * Called on the hub's actor thread, once per tick and watcher: must be quick and must not
     * block (every other watcher waits). A runtime exception is logged and skipped.
     */
    void tick(Tick tick);
  }

  private final Map<String, Set<Watcher>> watchers = new ConcurrentHashMap<>();
  private final ActorRef<Command> actor;

  /** Starts the hub's actor as a system actor named {@code name}. */
  public TickHub(ActorSystem<?> system, MarketTopics topics, String name) {
    this.actor = system.systemActorOf(behavior(topics), name, Props.empty());
  }

  /** From now on, {@code watcher} receives the ticks of {@code symbol} published on any node. */
  public void watch(String symbol, Watcher watcher) {
    watchers.computeIfAbsent(symbol, s -> ConcurrentHashMap.newKeySet()).add(watcher);
    actor.tell(new Reconcile(symbol));
  }

  /** Stops delivering ticks of {@code symbol} to {@code watcher} (see the class comment). */
  public void unwatch(String symbol, Watcher watcher) {
    Set<Watcher> set = watchers.get(symbol);
    if (set != null && set.remove(watcher)) {
      actor.tell(new Reconcile(symbol));
    }
  }

  /** How many watchers {@code symbol} has on this node now. */
  public int watchers(String symbol) {
    Set<Watcher> set = watchers.get(symbol);
    return set == null ? 0 : set.size();
  }

  // ---------------------------------------------------------------- the actor

  private sealed interface Command {}

  /** Subscribe to or leave the symbol's topic, whichever its watchers now need. */
  private record Reconcile(String symbol) implements Command {}

  private record Arrived(Tick tick) implements Command {}

  private Behavior<Command> behavior(MarketTopics topics) {
    return Behaviors.setup(context -> {
      ActorRef<Tick> ticks = context.messageAdapter(Tick.class, Arrived::new);
      Set<String> subscribed = new HashSet<>();
      return Behaviors.receive(Command.class)
          .onMessage(Arrived.class, arrived -> {
            deliver(arrived.tick());
            return Behaviors.same();
          })
          .onMessage(Reconcile.class, reconcile -> {
            String symbol = reconcile.symbol();
            boolean wanted = watchers(symbol) > 0;
            if (wanted && subscribed.add(symbol)) {
              topics.ticks(symbol).tell(Topic.subscribe(ticks));
            } else if (!wanted && subscribed.remove(symbol)) {
              topics.ticks(symbol).tell(Topic.unsubscribe(ticks));
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  private void deliver(Tick tick) {
    Set<Watcher> set = watchers.get(tick.symbol());
    if (set == null) {
      return;
    }
    for (Watcher watcher : set) {
      try {
        watcher.tick(tick);
      } catch (RuntimeException e) {
        log.debug("A watcher of {} failed on a tick: {}", tick.symbol(), e.toString());
      }
    }
  }
}
