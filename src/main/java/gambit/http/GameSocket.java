package gambit.http;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gambit.chess.ChessGame;
import gambit.chess.GameTopics;
import gambit.chess.GameUpdate;
import gambit.chess.GameView;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One WebSocket connection following one game: it writes the game's updates to the client in
 * sequence-number order, each exactly once. It starts from a whole-game {@code state}, then
 * passes on each update whose number follows the last one written; an older number is a
 * duplicate and dropped; a number further ahead means updates were lost (pub/sub delivers at
 * most once, e.g. while the game moves to another node), so it fetches the whole game and writes
 * a fresh {@code state} instead. It also fetches the game shortly after connecting and then
 * periodically, writing a {@code state} only when something was missed.
 *
 * <p>Writes go to a bounded queue ({@link Outgoing}) that the connection drains; a client too
 * slow to keep it below its bound fails its own stream and is disconnected, so it never holds
 * back the game or anyone else. The actor stops when the connection ends.
 */
final class GameSocket extends AbstractBehavior<GameSocket.Msg> {

  /** What the actor handles. */
  sealed interface Msg {}

  private record Update(GameUpdate update) implements Msg {}

  private record Fetched(ChessGame.State state) implements Msg {}

  private record FetchFailed(String reason) implements Msg {}

  /** Write this (an answer meant for this client only, e.g. a refused move). */
  record Say(ObjectNode message) implements Msg {}

  enum Signal implements Msg {
    RESYNC,
    /** The connection ended (either side, or the queue overflowed). */
    CLOSED
  }

  /** One text frame for the client, or the end of the stream. */
  record Outgoing(String json) {
    static final Outgoing END = new Outgoing(null);
  }

  private final String gameId;
  private final ActorRef<Outgoing> out;
  private final Supplier<CompletionStage<ChessGame.Reply>> fetchState;
  private final ObjectMapper mapper;
  private long lastSequenceNr;
  /** The game's ply as of {@link #lastSequenceNr}. */
  private int lastPly;
  private boolean fetching;

  private GameSocket(ActorContext<Msg> context, String gameId, ChessGame.State initial,
      ActorRef<Outgoing> out, Supplier<CompletionStage<ChessGame.Reply>> fetchState,
      ObjectMapper mapper) {
    super(context);
    this.gameId = gameId;
    this.out = out;
    this.fetchState = fetchState;
    this.mapper = mapper;
    this.lastSequenceNr = initial.sequenceNr();
    this.lastPly = initial.game().ply();
    write(state(initial.sequenceNr(), initial.game()));
  }

  /**
   * @param initial the game as fetched before the connection was accepted: the first message
   * @param out the connection's outgoing queue
   * @param fetchState asks the game for {@link ChessGame.GetState}
   */
  static Behavior<Msg> create(String gameId, ChessGame.State initial, ActorRef<Outgoing> out,
      Supplier<CompletionStage<ChessGame.Reply>> fetchState, GameSocketSettings settings,
      ObjectMapper mapper) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      GameTopics.get(context.getSystem())
          .follow(gameId, context.messageAdapter(GameUpdate.class, Update::new));
      timers.startTimerWithFixedDelay(Signal.RESYNC, Signal.RESYNC, settings.firstResync(),
          settings.resyncInterval());
      return new GameSocket(context, gameId, initial, out, fetchState, mapper);
    }));
  }

  @Override
  public Receive<Msg> createReceive() {
    return newReceiveBuilder()
        .onMessage(Update.class, this::onUpdate)
        .onMessage(Fetched.class, this::onFetched)
        .onMessage(FetchFailed.class, failed -> {
          getContext().getLog().debug("Game socket for {} could not fetch the game: {}", gameId,
              failed.reason());
          fetching = false;
          return this;
        })
        .onMessage(Say.class, say -> {
          write(say.message());
          return this;
        })
        .onMessageEquals(Signal.RESYNC, () -> {
          fetch();
          return this;
        })
        .onMessageEquals(Signal.CLOSED, () -> {
          out.tell(Outgoing.END);
          return Behaviors.stopped();
        })
        .build();
  }

  private Behavior<Msg> onUpdate(Update message) {
    long sequenceNr = message.update().sequenceNr();
    if (sequenceNr == lastSequenceNr + 1) {
      lastSequenceNr = sequenceNr;
      if (message.update() instanceof GameUpdate.Moved moved) {
        lastPly = moved.ply() + 1;
      } else if (message.update() instanceof GameUpdate.Changed changed) {
        lastPly = changed.game().ply();
      }
      write(render(message.update()));
    } else if (sequenceNr > lastSequenceNr) {
      getContext().getLog().debug("Game socket for {}: update {} after {}, fetching the game",
          gameId, sequenceNr, lastSequenceNr);
      fetch();
    }
    return this;
  }

  private Behavior<Msg> onFetched(Fetched fetched) {
    fetching = false;
    GameView game = fetched.state().game();
    long sequenceNr = fetched.state().sequenceNr();
    if (sequenceNr > lastSequenceNr) {
      boolean justOneMove = sequenceNr == lastSequenceNr + 1 && game.ply() == lastPly + 1
          && !game.moves().isEmpty()
          && "active".equals(game.status());
      write(justOneMove ? lastMove(sequenceNr, game) : state(sequenceNr, game));
      lastSequenceNr = sequenceNr;
      lastPly = game.ply();
    }
    return this;
  }

  /**
   * The {@code move} message of the one update missed, rebuilt from the game that followed it:
   * the client sees the same kind of message as if pub/sub had delivered it (the clock is as of
   * the fetch, a few milliseconds later).
   */
  private ObjectNode lastMove(long sequenceNr, GameView game) {
    int last = game.moves().size() - 1;
    ObjectNode message = header("move", sequenceNr).put("ply", game.ply() - 1)
        .put("uci", game.moves().get(last)).put("san", game.san().get(last))
        .put("fen", game.fen());
    message.set("clock", mapper.valueToTree(game.clock()));
    return message;
  }

  private void fetch() {
    if (fetching) {
      return;
    }
    fetching = true;
    getContext().pipeToSelf(fetchState.get(), (reply, error) ->
        reply instanceof ChessGame.State state ? new Fetched(state)
            : new FetchFailed(error != null ? error.toString() : String.valueOf(reply)));
  }

  private void write(ObjectNode message) {
    out.tell(new Outgoing(message.toString()));
  }

  // ---------------------------------------------------------------- the messages

  private ObjectNode state(long sequenceNr, Object game) {
    ObjectNode message = mapper.createObjectNode().put("type", "state").put("seq", sequenceNr);
    message.set("game", mapper.valueToTree(game));
    return message;
  }

  private ObjectNode render(GameUpdate update) {
    if (update instanceof GameUpdate.Moved moved) {
      ObjectNode message = header("move", moved.sequenceNr()).put("ply", moved.ply())
          .put("uci", moved.uci()).put("san", moved.san()).put("fen", moved.fen());
      message.set("clock", mapper.valueToTree(moved.clock()));
      return message;
    }
    if (update instanceof GameUpdate.DrawChanged draw) {
      return header("draw", draw.sequenceNr()).put("action", draw.action()).put("by", draw.by());
    }
    if (update instanceof GameUpdate.Ended ended) {
      ObjectNode message = header("end", ended.sequenceNr()).put("status", ended.status())
          .put("result", ended.result()).put("termination", ended.termination());
      message.set("clock", mapper.valueToTree(ended.clock()));
      return message;
    }
    GameUpdate.Changed changed = (GameUpdate.Changed) update;
    return state(changed.sequenceNr(), changed.game());
  }

  private ObjectNode header(String type, long sequenceNr) {
    return mapper.createObjectNode().put("type", type).put("seq", sequenceNr);
  }
}
