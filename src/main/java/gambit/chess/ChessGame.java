package gambit.chess;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.pubsub.Topic;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import akka.cluster.sharding.typed.ShardingEnvelope;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.sharding.typed.javadsl.Entity;
import akka.cluster.sharding.typed.javadsl.EntityTypeKey;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.SnapshotAdapter;
import akka.persistence.typed.javadsl.CommandHandlerWithReply;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import akka.persistence.typed.javadsl.ReplyEffect;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import gambit.chess.Referee.Verdict;
import gambit.chess.rules.Color;
import gambit.chess.rules.Result;
import gambit.serialization.CborSerializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One live chess game: an event-sourced entity under cluster sharding, one per game id.
 *
 * <p>Flow: a {@link Command} is judged by the {@link Referee} against the current
 * {@link GameState}; a refused command persists nothing and is answered {@link Rejected}; an
 * accepted one persists its events (several in one atomic write, e.g. the mating move and the
 * end of the game), {@link GameState#apply} folds them into the state, and the command is
 * answered {@link Accepted} with the game's view (or {@link PgnText}). Every command is
 * answered (the compiler enforces it). A command for an id that no game was created under is
 * answered {@code NOT_FOUND} and the entity passivates at once, so looking at an unknown id
 * creates nothing.
 *
 * <p>Clocks are the server's: each move event carries the server's timestamp (from the injected
 * {@link Clock}) and the mover's remaining time, decided by the {@link Referee}. The clocks start
 * once both sides have moved (each side's first move is free). The entity flags the side to move
 * by a timer of its own at the moment its time runs out, whether or not anyone is connected;
 * time that passes while the game's node is down still counts: the flag deadline is computed
 * from the persisted timestamp of the last move, so a game recovered after its deadline flags at
 * once. A flag is checked before every command too, so a late move is never played.
 *
 * <p>Followers: after each write the game publishes one {@link GameUpdate} per event, numbered
 * like the events, to its pub/sub topic ({@link #topicName}), which reaches subscribers on every
 * node; {@link GetState} gives the whole game and the number it continues from.
 *
 * <p>Memory: entities are remembered by sharding (chess.conf), so games that are in memory when
 * their node dies are started again on another node straight away and go on flagging. A game
 * whose clock is not running leaves memory after {@code passivate-idle-after} without a command,
 * a finished one after {@code finished-passivate-after}; both passivate through the shard, which
 * removes them from the remembered set. Running games stay.
 *
 * <p>Persistence: events and snapshots are Jackson CBOR ({@link CborSerializable}). Fields may be
 * added (old events read them as null or zero; unknown fields are ignored); any other change
 * registers an {@code akka.serialization.jackson.JacksonMigration} under
 * {@code akka.serialization.jackson.migrations}: the version is then written into each event's
 * manifest, and events without one are version 1. A snapshot is taken every
 * {@code snapshot-every} events and at the end of the game, in the form of {@link GameSnapshot}.
 */
public final class ChessGame
    extends EventSourcedBehaviorWithEnforcedReplies<ChessGame.Command, ChessGame.Event,
        GameState> {

  /** The sharding type of games; the entity id is the game id. */
  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "ChessGame");

  private static final String FLAG_TIMER = "flag";
  private static final String IDLE_TIMER = "idle";

  // ---------------------------------------------------------------- commands

  /** Everything a game accepts. Every command but the internal ones carries a replyTo. */
  public sealed interface Command extends CborSerializable {}

  /** The creator's colour choice. */
  public enum ColorChoice { WHITE, BLACK, RANDOM }

  /** What a player does about a draw. */
  public enum DrawAction { OFFER, ACCEPT, DECLINE, CLAIM }

  /**
   * Create the game.
   *
   * @param timeControl null for an untimed game
   * @param fen the start position, null for the standard one
   */
  public record Create(Player creator, TimeControl timeControl, ColorChoice color, String fen,
      ActorRef<Reply> replyTo) implements Command {}

  /** Take the free side of a waiting game. */
  public record Join(Player player, ActorRef<Reply> replyTo) implements Command {}

  /**
   * Play a move.
   *
   * @param move UCI ({@code e7e8q}) or SAN ({@code e8=Q+})
   * @param ply the half-moves played before it (the view's {@code ply} the player saw)
   */
  public record MakeMove(String userId, String move, int ply, ActorRef<Reply> replyTo)
      implements Command {}

  public record Resign(String userId, ActorRef<Reply> replyTo) implements Command {}

  public record Draw(String userId, DrawAction action, ActorRef<Reply> replyTo)
      implements Command {}

  /** Call the game off, possible until both sides have moved. */
  public record Abort(String userId, ActorRef<Reply> replyTo) implements Command {}

  /** The game's view. */
  public record Get(ActorRef<Reply> replyTo) implements Command {}

  /** The game as PGN text, answered {@link PgnText}. */
  public record GetPgn(ActorRef<Reply> replyTo) implements Command {}

  /** The game's view with the sequence number of its last event, answered {@link State}. */
  public record GetState(ActorRef<Reply> replyTo) implements Command {}

  /** The entity's own messages: its timers and the shard's stop. */
  enum Internal implements Command {
    CHECK_FLAG,
    IDLE,
    STOP
  }

  // ---------------------------------------------------------------- replies

  /** The answer to every command with a replyTo. */
  public sealed interface Reply extends CborSerializable {}

  /** Done (or had been done: an idempotent repeat); the game as it is now. */
  public record Accepted(GameView game) implements Reply {}

  /**
   * Refused; nothing changed.
   *
   * @param game the game as it is now; null when there is no game ({@code NOT_FOUND}, or a
   *     refused {@link Create}, which leaves none)
   */
  public record Rejected(Rejection rejection, String detail, GameView game) implements Reply {}

  /** The answer to {@link GetPgn}. */
  public record PgnText(String pgn) implements Reply {}

  /**
   * The answer to {@link GetState}: the game and the sequence number of the last event it
   * reflects, the point from which {@link GameUpdate}s continue it.
   */
  public record State(GameView game, long sequenceNr) implements Reply {}

  /** Why a command was refused. */
  public enum Rejection {
    /** No game was created under this id. */
    NOT_FOUND,
    /** Only the game's players may do that. */
    NOT_A_PLAYER,
    /** The game's state does not allow it: not your turn, a stale ply, the game is over, ... */
    CONFLICT,
    /** Well-formed, but the rules refuse it: an illegal move, a decided start position. */
    ILLEGAL,
    /** Unreadable: a move that is neither UCI nor SAN, a malformed FEN. */
    MALFORMED
  }

  // ---------------------------------------------------------------- events

  /** What happened to a game; the journal's record of it. */
  public sealed interface Event extends CborSerializable {}

  /**
   * @param timeControl null for an untimed game
   * @param initialFen the start position, normalized by the rules engine
   */
  public record GameCreated(Player creator, Color creatorColor, TimeControl timeControl,
      String initialFen, Instant at) implements Event {}

  /** The second player took the free side; the game is active. */
  public record GameJoined(Player player, Instant at) implements Event {}

  /**
   * @param ply the half-moves before this one
   * @param uci the move
   * @param at the server's time of the move; the next move is charged from it
   * @param clockMillis the mover's remaining time after the move (increment included), null
   *     for an untimed game
   */
  public record MovePlayed(int ply, String uci, Instant at, Long clockMillis)
      implements Event {}

  public record DrawOffered(Color by, Instant at) implements Event {}

  public record DrawDeclined(Color by, Instant at) implements Event {}

  /**
   * The end, however it came: {@link Termination#ABORTED} makes the game aborted, every other
   * one finished.
   *
   * @param whiteMillis White's time at the end, null for an untimed game
   * @param blackMillis Black's time at the end, null for an untimed game
   */
  public record GameEnded(Result result, Termination termination, Instant at, Long whiteMillis,
      Long blackMillis) implements Event {}

  // ---------------------------------------------------------------- the entity

  private final String gameId;
  private final ChessSettings settings;
  private final Clock clock;
  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  /** Where updates are published; started once the game exists ({@link #startTopic}). */
  private ActorRef<Topic.Command<GameUpdate>> topic;

  private ChessGame(String gameId, ChessSettings settings, Clock clock,
      ActorContext<Command> context, TimerScheduler<Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), gameId),
        // a failed write (Redis down) restarts the entity from the journal instead of stopping it
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    this.gameId = gameId;
    this.settings = settings;
    this.clock = clock;
    this.context = context;
    this.timers = timers;
    this.shard = shard;
  }

  /**
   * Starts sharding of games on this node (every node must, before it serves the API).
   *
   * @param clock the time source of the game clocks ({@code Clock.systemUTC()} in production)
   * @return the shard region
   */
  public static ActorRef<ShardingEnvelope<Command>> init(ActorSystem<?> system,
      ChessSettings settings, Clock clock) {
    ClusterShardingSettings sharding = ClusterShardingSettings.fromConfig(settings.sharding());
    return ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY,
            entity -> create(entity.getEntityId(), settings, clock, entity.getShard()))
        .withStopMessage(Internal.STOP)
        .withSettings(sharding));
  }

  /**
   * The behavior of one game.
   *
   * @param shard the shard that runs it, through which it passivates; null when it runs outside
   *     sharding (tests), where it stops itself instead
   */
  public static Behavior<Command> create(String gameId, ChessSettings settings, Clock clock,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.withMdc(Command.class, Map.of("gameId", gameId),
        Behaviors.setup(context -> Behaviors.withTimers(timers ->
            new ChessGame(gameId, settings, clock, context, timers, shard))));
  }

  /** The name of the pub/sub topic a game publishes its {@link GameUpdate}s to. */
  public static String topicName(String gameId) {
    return "chess-game-" + gameId;
  }

  /** The user a player's command is made by; null for commands anyone may send. */
  static String actingUser(Command command) {
    if (command instanceof MakeMove move) {
      return move.userId();
    }
    if (command instanceof Resign resign) {
      return resign.userId();
    }
    if (command instanceof Draw draw) {
      return draw.userId();
    }
    if (command instanceof Abort abort) {
      return abort.userId();
    }
    return command instanceof Join join ? join.player().userId() : null;
  }

  @Override
  public GameState emptyState() {
    return GameState.empty();
  }

  @Override
  public CommandHandlerWithReply<Command, Event, GameState> commandHandler() {
    return (state, command) -> command instanceof Internal internal
        ? onInternal(state, internal)
        : onCommand(state, command);
  }

  @Override
  public EventHandler<GameState, Event> eventHandler() {
    return GameState::apply;
  }

  @Override
  public SignalHandler<GameState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> {
          context.getLog().debug("Game {} recovered: {} at ply {}", gameId, state.status(),
              state.game().ply());
          if (state.isCreated()) {
            startTopic();
          }
          armTimers(state);
        })
        .build();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.snapshotsKept());
  }

  /** Also a snapshot at the end, so a finished game is read back in one step. */
  @Override
  public boolean shouldSnapshot(GameState state, Event event, long sequenceNr) {
    return event instanceof GameEnded;
  }

  @Override
  public SnapshotAdapter<GameState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(GameState state) {
        return GameSnapshot.of(state);
      }

      @Override
      public GameState fromJournal(Object stored) {
        return ((GameSnapshot) stored).toState();
      }
    };
  }

  // ---------------------------------------------------------------- handling

  private ReplyEffect<Event, GameState> onCommand(GameState state, Command command) {
    Instant now = clock.instant();
    Optional<GameEnded> flag = Referee.timeRanOut(state, now, settings.firstMoveTimeout());
    GameState current = flag.map(state::apply).orElse(state);
    Verdict verdict = Referee.decide(current, command, now,
        () -> ThreadLocalRandom.current().nextBoolean());
    Verdict total = flag.isPresent() ? verdict.after(flag.get()) : verdict;
    ActorRef<Reply> replyTo = replyTo(command);
    if (verdict.rejection() == Rejection.NOT_FOUND) {
      return Effect().none().thenRun(unused -> passivate())
          .thenReply(replyTo, unused -> new Rejected(Rejection.NOT_FOUND, verdict.detail(), null));
    }
    if (!verdict.accepted()) {
      context.getLog().debug("Game {}: {} refused: {}", gameId, command.getClass()
          .getSimpleName(), verdict.detail());
    }
    if (total.events().isEmpty()) {
      return Effect().none().thenRun(this::armTimers)
          .thenReply(replyTo, after -> reply(command, verdict, after));
    }
    return Effect().persist(total.events()).thenRun(after -> persisted(after, total.events()))
        .thenReply(replyTo, after -> reply(command, verdict, after));
  }

  private ReplyEffect<Event, GameState> onInternal(GameState state, Internal message) {
    return switch (message) {
      case CHECK_FLAG -> Referee.timeRanOut(state, clock.instant(), settings.firstMoveTimeout())
          .map(flag -> Effect().persist((Event) flag)
              .thenRun(after -> persisted(after, List.of(flag))).thenNoReply())
          .orElseGet(() -> Effect().none().thenRun(this::armTimers).thenNoReply());
      case IDLE -> state.clockRunning()
          ? Effect().none().thenRun(this::armTimers).thenNoReply()
          : Effect().none().thenRun(unused -> passivate()).thenNoReply();
      case STOP -> Effect().stop().thenNoReply();
    };
  }

  private void persisted(GameState after, List<? extends Event> events) {
    if (after.isOver() && events.get(events.size() - 1) instanceof GameEnded end) {
      context.getLog().debug("Game {} ended: {} {} at ply {}", gameId, end.termination().wire(),
          end.result().pgn(), after.game().ply());
    }
    publish(after, events);
    armTimers(after);
  }

  /**
   * Publishes one update per event to the game's topic, numbered like the events. Pub/sub
   * delivers at most once; followers notice a missing number and fetch the game.
   */
  private void publish(GameState after, List<? extends Event> events) {
    startTopic();
    long first = lastSequenceNumber(context) - events.size() + 1;
    Instant now = clock.instant();
    for (int i = 0; i < events.size(); i++) {
      // nobody can follow a game before it exists (the WebSocket answers 404 until then)
      if (!(events.get(i) instanceof GameCreated)) {
        topic.tell(Topic.publish(GameUpdate.of(gameId, first + i, events.get(i), after, now)));
      }
    }
  }

  private Reply reply(Command command, Verdict verdict, GameState after) {
    GameView view = after.view(gameId, clock.instant());
    if (!verdict.accepted()) {
      // A refused Create leaves no game: a view would show an id nobody can fetch.
      return new Rejected(verdict.rejection(), verdict.detail(), after.isCreated() ? view : null);
    }
    if (command instanceof GetState) {
      return new State(view, lastSequenceNumber(context));
    }
    return command instanceof GetPgn ? new PgnText(after.pgn(gameId)) : new Accepted(view);
  }

  private static ActorRef<Reply> replyTo(Command command) {
    if (command instanceof Get get) {
      return get.replyTo();
    }
    if (command instanceof MakeMove move) {
      return move.replyTo();
    }
    if (command instanceof GetState getState) {
      return getState.replyTo();
    }
    if (command instanceof Create create) {
      return create.replyTo();
    }
    if (command instanceof Join join) {
      return join.replyTo();
    }
    if (command instanceof Resign resign) {
      return resign.replyTo();
    }
    if (command instanceof Draw draw) {
      return draw.replyTo();
    }
    if (command instanceof Abort abort) {
      return abort.replyTo();
    }
    return ((GetPgn) command).replyTo();
  }

  /**
   * Starts the game's topic actor, as soon as the game exists: a topic learns of its
   * subscribers from the cluster's receptionist some time after it starts, and drops what is
   * published before, so starting it at the first publish would lose that update.
   */
  private void startTopic() {
    if (topic == null) {
      topic = context.spawnAnonymous(Topic.create(GameUpdate.class, topicName(gameId)));
    }
  }

  // ---------------------------------------------------------------- timers and passivation

  /**
   * After every command: a running clock arms the flag timer for its deadline, a timed game
   * waiting for a side's first move for the moment it is aborted (at once when the deadline has
   * passed, e.g. after a recovery); otherwise the idle timer (re)starts, after which the game
   * leaves memory.
   */
  private void armTimers(GameState state) {
    Optional<Instant> deadline = state.clockRunning() ? Optional.of(state.flagDeadline())
        : state.firstMoveDeadline(settings.firstMoveTimeout());
    if (deadline.isPresent()) {
      timers.cancel(IDLE_TIMER);
      Duration delay = Duration.between(clock.instant(), deadline.get());
      timers.startSingleTimer(FLAG_TIMER, Internal.CHECK_FLAG,
          delay.isNegative() ? Duration.ZERO : delay);
      return;
    }
    timers.cancel(FLAG_TIMER);
    timers.startSingleTimer(IDLE_TIMER, Internal.IDLE, state.isOver()
        ? settings.finishedPassivateAfter() : settings.passivateIdleAfter());
  }

  /** Leaves memory through the shard (which forgets a remembered entity), or stops. */
  private void passivate() {
    context.getLog().debug("Game {} passivates", gameId);
    if (shard != null) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    } else {
      context.getSelf().tell(Internal.STOP);
    }
  }
}
