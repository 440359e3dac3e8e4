package gambit.http;

import akka.Done;
import akka.NotUsed;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.stream.KillSwitches;
import akka.stream.SharedKillSwitch;
import akka.stream.javadsl.Flow;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes this node's WebSockets cleanly when the node shuts down. Once the API port is unbound
 * (CoordinatedShutdown's {@code service-requests-done} phase), the outgoing stream of every
 * socket completes, so akka-http sends a WebSocket close frame (1000, normal closure) and the
 * client can reconnect at once, through the load balancer, to a node that stays. Without this
 * the sockets would be cut without a close frame when the HTTP termination deadline passes.
 *
 * <p>One per actor system; the socket routes put {@link #closeOnShutdown} on each outgoing
 * stream.
 */
final class SocketShutdown implements Extension {

  private static final Logger log = LoggerFactory.getLogger(SocketShutdown.class);

  private static final class Id extends ExtensionId<SocketShutdown> {
    @Override
    public SocketShutdown createExtension(ActorSystem<?> system) {
      return new SocketShutdown(system);
    }
  }

  private static final Id ID = new Id();

  /** The system's instance. */
  static SocketShutdown get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  private final SharedKillSwitch sockets = KillSwitches.shared("websockets");
  private final AtomicInteger open = new AtomicInteger();

  private SocketShutdown(ActorSystem<?> system) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceRequestsDone(),
        "gambit-close-websockets", () -> {
          log.info("Closing {} WebSocket connection(s) with a close frame", open.get());
          sockets.shutdown();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  /**
   * Passes a socket's outgoing messages until the node shuts down, then completes (which
   * closes the socket). On a socket opened after that, it completes at once.
   */
  <T> Flow<T, T, NotUsed> closeOnShutdown() {
    return Flow.<T>create().via(sockets.flow())
        .watchTermination((notUsed, done) -> {
          open.incrementAndGet();
          done.whenComplete((ok, error) -> open.decrementAndGet());
          return NotUsed.getInstance();
        });
  }
}
