package gambit.node;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Shutdown wiring. SIGTERM and SIGINT run Akka's CoordinatedShutdown (stop being ready, unbind,
 * let in-flight requests finish, leave the cluster and hand off shards, stop actors, close
 * Redis); {@link gambit.Main} then stops its own Redis and exits 0. Each phase is logged at INFO.
 */
public final class Shutdown {

  private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

  /** The reason CoordinatedShutdown reports when a signal started it. */
  public static final class SignalReason implements CoordinatedShutdown.Reason {
    private final String signal;

    SignalReason(String signal) {
      this.signal = signal;
    }

    @Override
    public String toString() {
      return "SIG" + signal;
    }
  }

  private Shutdown() {}

  /** The reason CoordinatedShutdown reports when the node's own Redis died under it. */
  public static final class OwnRedisLost implements CoordinatedShutdown.Reason {
    @Override
    public String toString() {
      return "own Redis exited";
    }
  }

  /**
   * Before the actor system runs, SIGTERM and SIGINT simply end the process with exit code 0;
   * JVM shutdown hooks stop the node's own Redis (and Akka's hook a half-started actor system).
   * {@link #install} replaces these handlers once the system is up.
   */
  public static void installEarly() {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> {
        log.info("SIG{} during start-up: stopping", name);
        new Thread(() -> System.exit(0), "early-shutdown").start();
      });
    }
  }

  /** Installs the signal handlers and the phase logging. */
  public static void install(ActorSystem<?> system) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    NodeStatus status = NodeStatus.get(akka.actor.typed.javadsl.Adapter.toClassic(system));
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "gambit-not-ready", () -> {
      status.shuttingDown();
      log.info("Shutdown started ({}): readiness now false, unbinding the API",
          shutdown.getShutdownReason().map(Object::toString).orElse("unknown reason"));
      return done();
    });
    logPhase(shutdown, CoordinatedShutdown.PhaseServiceStop(),
        "Shutdown: API unbound, in-flight requests finished");
    logPhase(shutdown, CoordinatedShutdown.PhaseClusterLeave(),
        "Shutdown: leaving the cluster, handing off shards");
    logPhase(shutdown, CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
        "Shutdown: cluster left, stopping the actor system");
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> shutdown.run(new SignalReason(name)));
    }
  }

  private static void logPhase(CoordinatedShutdown shutdown, String phase, String message) {
    shutdown.addTask(phase, "gambit-log-" + phase, () -> {
      log.info(message);
      return done();
    });
  }

  private static CompletableFuture<Done> done() {
    return CompletableFuture.completedFuture(Done.getInstance());
  }
}
