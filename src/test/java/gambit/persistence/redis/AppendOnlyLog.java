package gambit.persistence.redis;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal event-sourced entity for the plugin's end-to-end tests: {@link Append} persists its
 * text as an event and replies the event's sequence number; {@link Read} replies every event
 * recovered or persisted so far. Events are plain strings (Akka's built-in string serializer),
 * so the tests need no serialization setup. On a persist or recovery failure it restarts with a
 * short back-off, as a production entity would.
 */
final class AppendOnlyLog
    extends EventSourcedBehavior<AppendOnlyLog.Command, String, List<String>> {

  /** What the entity understands. */
  sealed interface Command {}

  /** Persist {@code text}; the reply is its sequence number, sent once it is stored. */
  record Append(String text, ActorRef<Long> replyTo) implements Command {}

  /** Reply the texts of every event, in order. */
  record Read(ActorRef<List<String>> replyTo) implements Command {}

  static Behavior<Command> create(String persistenceId) {
    return new AppendOnlyLog(PersistenceId.ofUniqueId(persistenceId));
  }

  private AppendOnlyLog(PersistenceId persistenceId) {
    super(persistenceId, SupervisorStrategy.restartWithBackoff(
        Duration.ofMillis(100), Duration.ofMillis(500), 0.1));
  }

  /**
   * An ActorSystem config with the plugin as journal on {@code redisUri} (no snapshot store)
   * and {@code extra} HOCON on top; built on the reference configs only, so the application's
   * own application.conf (cluster, HTTP) stays out of plugin tests.
   */
  static Config config(String redisUri, String extra) {
    return ConfigFactory.parseString(extra)
        .withFallback(ConfigFactory.parseString("""
            akka.loggers = ["akka.event.slf4j.Slf4jLogger"]
            akka.logging-filter = "akka.event.slf4j.Slf4jLoggingFilter"
            akka.loglevel = INFO
            akka.persistence.journal.plugin = "akka-persistence-redis.journal"
            akka.persistence.snapshot-store.plugin = ""
            akka-persistence-redis.key-prefix = "ops-test"
            akka-persistence-redis.uri = "%s"
            """.formatted(redisUri)))
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }

  @Override
  public List<String> emptyState() {
    return List.of();
  }

  @Override
  public CommandHandler<Command, String, List<String>> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Append.class, (state, append) -> Effect().persist(append.text())
            // nothing is ever deleted here, so the number of events is the sequence number
            .thenRun(after -> append.replyTo().tell((long) after.size())))
        .onCommand(Read.class, (state, read) -> Effect().reply(read.replyTo(), state))
        .build();
  }

  @Override
  public EventHandler<List<String>, String> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent((state, text) -> {
      List<String> next = new ArrayList<>(state);
      next.add(text);
      return List.copyOf(next);
    });
  }
}
