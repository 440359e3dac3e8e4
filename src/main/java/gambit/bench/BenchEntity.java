package gambit.bench;

import akka.actor.typed.ActorRef;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.SignalHandler;
import java.util.Collections;
import java.util.function.LongConsumer;

/**
 * The benchmark's persistent entity: every {@link Append} persists one {@link Appended} event
 * and, once the journal has confirmed the write, replies the entity's event count. The state is
 * only that count, so what is measured is the journal path, not the entity's own work.
 *
 * <p>The journal is chosen per instance ({@code journalPluginId}), so one ActorSystem can run
 * the same entity against the Redis plugin and against the in-memory journal side by side.
 */
final class BenchEntity
    extends EventSourcedBehavior<BenchEntity.Command, BenchEntity.Appended, BenchEntity.State> {

  // ---------------------------------------------------------------- commands

  /** What the entity understands. */
  sealed interface Command permits Append, AppendBatch, GetCount, Stop {}

  /** Persists one event; replies the event count after the write. */
  record Append(byte[] payload, ActorRef<Long> replyTo) implements Command {}

  /** Persists {@code count} events as one atomic write (to fill a journal fast for replay). */
  record AppendBatch(byte[] payload, int count, ActorRef<Long> replyTo) implements Command {}

  /** Replies the event count; answered only after recovery, so it also says "ready". */
  record GetCount(ActorRef<Long> replyTo) implements Command {}

  /** Replies the event count, then stops. */
  record Stop(ActorRef<Long> replyTo) implements Command {}

  // ---------------------------------------------------------------- event and state

  /** The one event; its payload is stored as is by {@link BenchEventSerializer}. */
  record Appended(byte[] payload) {}

  /** How many events this entity has. */
  record State(long events) {}

  // ---------------------------------------------------------------- behaviour

  private final String journalPluginId;
  private final LongConsumer onRecovered;

  /**
   * @param onRecovered called with the event count when recovery completes, on the entity's
   *     thread; it must not block
   */
  BenchEntity(String persistenceId, String journalPluginId, LongConsumer onRecovered) {
    super(PersistenceId.ofUniqueId(persistenceId));
    this.journalPluginId = journalPluginId;
    this.onRecovered = onRecovered;
  }

  @Override
  public String journalPluginId() {
    return journalPluginId;
  }

  @Override
  public State emptyState() {
    return new State(0);
  }

  @Override
  public CommandHandler<Command, Appended, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Append.class, (state, append) -> Effect()
            .persist(new Appended(append.payload()))
            .thenReply(append.replyTo(), State::events))
        .onCommand(AppendBatch.class, (state, batch) -> Effect()
            .persist(Collections.nCopies(batch.count(), new Appended(batch.payload())))
            .thenReply(batch.replyTo(), State::events))
        .onCommand(GetCount.class, (state, get) -> Effect()
            .none()
            .thenReply(get.replyTo(), State::events))
        .onCommand(Stop.class, (state, stop) -> Effect()
            .stop()
            .thenReply(stop.replyTo(), State::events))
        .build();
  }

  @Override
  public EventHandler<State, Appended> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onAnyEvent((state, event) -> new State(state.events() + 1));
  }

  @Override
  public SignalHandler<State> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> onRecovered.accept(state.events()))
        .build();
  }
}
