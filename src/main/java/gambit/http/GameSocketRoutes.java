package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.extractRequest;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.handleWebSocketMessages;
import static akka.http.javadsl.server.Directives.onComplete;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.http.javadsl.server.Route;
import akka.stream.BufferOverflowException;
import akka.stream.OverflowStrategy;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import akka.stream.typed.javadsl.ActorSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gambit.auth.Identity;
import gambit.chess.ChessGame;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code GET /ws/games/{id}}: a WebSocket that follows one game. Anyone may watch; a client that
 * presents an access token ({@code ?access_token=}, since browsers cannot set headers on an
 * upgrade, or {@code Authorization}) may also play its moves on it.
 *
 * <p>Server to client, one JSON text frame each, every one but {@code error} numbered by
 * {@code seq} (the sequence number of the game's event, strictly increasing per connection):
 * <ul>
 *   <li>{@code {"type":"state","seq":n,"game":{view}}} first, and whenever the connection had
 *       to catch up (a player joined, or updates were lost);
 *   <li>{@code {"type":"move","seq":n,"ply":p,"uci":..,"san":..,"fen":..,"clock":{..}|null}};
 *   <li>{@code {"type":"draw","seq":n,"action":"offer"|"decline","by":"white"|"black"}};
 *   <li>{@code {"type":"end","seq":n,"status":..,"result":..,"termination":..,"clock":..}};
 *   <li>{@code {"type":"error","status":409,"detail":..,"game":{view}}} for this client's own
 *       refused message (statuses as over HTTP; no {@code seq}).
 * </ul>
 * Client to server: {@code {"type":"move","move":"e2e4"|"Nf3","ply":0}}; a played move comes
 * back as the {@code move} update everyone gets. The connection stays open after the game ends.
 * The server pings an idle connection (akka.http.server.websocket.periodic-keep-alive-*).
 * Before the upgrade: 404 for an unknown game, 401 for a bad token, 400 for a plain request.
 */
public final class GameSocketRoutes {

  private final ActorSystem<?> system;
  private final Authentication authentication;
  private final ObjectMapper mapper;
  private final ObjectReader messageReader;
  private final Duration askTimeout;
  private final GameSocketSettings settings;
  private final AtomicLong connections = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();

  public GameSocketRoutes(ActorSystem<?> system, Authentication authentication,
      ObjectMapper mapper, Duration askTimeout, GameSocketSettings settings) {
    this.system = system;
    this.authentication = authentication;
    this.mapper = mapper;
    this.messageReader = JsonBodies.strictReader(mapper);
    this.askTimeout = askTimeout;
    this.settings = settings;
  }

  /** The route, to be placed under {@code /ws}. */
  public Route route() {
    return path(segment("games").slash(segment()), id -> get(() ->
        GameRoutes.knownId(id, () -> upgradeOnly(() -> authentication.optionalUntil(
            (player, validUntil) -> onComplete(fetchState(id), fetched -> {
              if (fetched.isFailure()) {
                return unavailable(fetched.failed().get());
              }
              if (fetched.get() instanceof ChessGame.State state) {
                return handleWebSocketMessages(connection(id, player, validUntil, state));
              }
              return complete(Problems.response(StatusCodes.NOT_FOUND, "there is no such game"));
            }))))));
  }

  /** Connections open on this node now (for metrics and tests). */
  public int openConnections() {
    return open.get();
  }

  private static Route upgradeOnly(Supplier<Route> inner) {
    return extractRequest(request -> request.getAttribute(AttributeKeys.webSocketUpgrade)
        .isPresent() ? inner.get()
        : complete(Problems.response(StatusCodes.BAD_REQUEST, "this is a WebSocket endpoint:"
            + " send an Upgrade: websocket request")));
  }

  private Route unavailable(Throwable error) {
    if (error instanceof TimeoutException) {
      return complete(Problems.response(StatusCodes.SERVICE_UNAVAILABLE,
          "the game did not answer in time; try again"));
    }
    throw new CompletionException(error);
  }

  // ---------------------------------------------------------------- one connection

  /**
   * The connection: client frames in (moves), the socket actor's queue out. The queue is part of
   * the connection's own stream (no asynchronous boundary with a buffer of its own), so
   * buffer-size is the bound on what waits for a slow client. The socket actor starts when the
   * connection's stream does. Either side ending ends both, and the actor with them.
   */
  Flow<Message, Message, NotUsed> connection(String gameId, Optional<Identity> player,
      ChessGame.State initial) {
    return connection(gameId, player, Instant.MAX, initial);
  }

  /**
   * The connection of a player whose token holds until {@code validUntil}: after that the
   * socket still shows the game, but a move sent over it answers 401 (reconnect with a new
   * token to play on).
   */
  Flow<Message, Message, NotUsed> connection(String gameId, Optional<Identity> player,
      Instant validUntil, ChessGame.State initial) {
    CompletableFuture<ActorRef<GameSocket.Msg>> socket = new CompletableFuture<>();
    Source<Message, NotUsed> outgoing = ActorSource.<GameSocket.Outgoing>actorRef(
            frame -> frame == GameSocket.Outgoing.END, frame -> Optional.empty(),
            settings.bufferSize(), OverflowStrategy.fail())
        .mapMaterializedValue(queue -> {
          open.incrementAndGet();
          socket.complete(system.systemActorOf(GameSocket.create(gameId, initial, queue,
                  () -> fetchState(gameId), settings, mapper),
              "game-socket-" + connections.incrementAndGet(), Props.empty()));
          return NotUsed.getInstance();
        })
        .map(frame -> (Message) TextMessage.create(frame.json()))
        // a client too slow for its queue is an expected end: a close frame, no handler failure
        .recoverWithRetries(1, BufferOverflowException.class, Source::empty)
        .via(SocketShutdown.get(system).closeOnShutdown());
    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, this::read)
        .mapAsync(1, frame -> answer(gameId, player, validUntil, frame))
        .to(Sink.foreach(answer -> socket.thenAccept(actor -> actor.tell(answer))));
    return Flow.fromSinkAndSourceCoupled(in, outgoing)
        .watchTermination((notUsed, done) -> {
          done.whenComplete((ok, error) -> socket.thenAccept(actor -> {
            open.decrementAndGet();
            actor.tell(GameSocket.Signal.CLOSED);
          }));
          return notUsed;
        });
  }

  /**
   * A client frame, read whole: its text when it is a text frame of at most max-message-size
   * characters. A longer or binary frame is read to its end and dropped (so that the connection
   * stays usable), and answered with an error.
   */
  private CompletionStage<ClientFrame> read(Message message) {
    if (message.isText()) {
      int max = settings.maxMessageChars();
      return message.asTextMessage().getStreamedText()
          .runFold(new StringBuilder(), (text, chunk) -> text.length() > max ? text
              : text.append(chunk, 0, Math.min(chunk.length(), max + 1 - text.length())), system)
          .thenApply(text -> new ClientFrame(text.length() > max ? null : text.toString()));
    }
    return message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), system)
        .thenApply(done -> ClientFrame.BINARY);
  }

  /** A client frame: its text, or null for a binary or too long one ({@link #BINARY} tells). */
  private record ClientFrame(String text) {
    static final ClientFrame BINARY = new ClientFrame(null);
  }

  /**
   * What a client frame does: a move is played; the answer for the socket actor is an error
   * frame, or for an accepted move a prompt to look for the move's update.
   */
  private CompletionStage<GameSocket.Msg> answer(String gameId, Optional<Identity> player,
      Instant validUntil, ClientFrame frame) {
    if (frame == ClientFrame.BINARY) {
      return error(StatusCodes.BAD_REQUEST, "binary frames are not read: send JSON text", null);
    }
    if (frame.text() == null) {
      return error(StatusCodes.PAYLOAD_TOO_LARGE, "a message may have at most "
          + settings.maxMessageChars() + " characters", null);
    }
    JsonNode message;
    try {
      message = messageReader.readTree(frame.text());
    } catch (IOException e) {
      if (JsonBodies.isDuplicateName(e)) {
        return error(StatusCodes.BAD_REQUEST, "a name appears twice in the message", null);
      }
      return error(StatusCodes.BAD_REQUEST, "not JSON: send {\"type\":\"move\",\"move\":..,"
          + "\"ply\":..}", null);
    }
    if (message == null || !message.isObject() || !"move".equals(message.path("type").asText())) {
      return error(StatusCodes.BAD_REQUEST, "unknown message: the only one accepted is"
          + " {\"type\":\"move\",\"move\":..,\"ply\":..}", null);
    }
    if (player.isEmpty()) {
      return error(StatusCodes.UNAUTHORIZED, "spectators only watch: connect with an access"
          + " token (?access_token=) to play", null);
    }
    if (Instant.now().isAfter(validUntil)) {
      return error(StatusCodes.UNAUTHORIZED, "the access token this socket was opened with has"
          + " expired: connect again with a new one to play (watching goes on)", null);
    }
    String move;
    int ply;
    try {
      move = JsonBodies.strings(message, "move").get(0);
      ply = JsonBodies.nonNegativeInt(message, "ply");
    } catch (ProblemException e) {
      return error(StatusCodes.BAD_REQUEST, "a move needs \"move\" (UCI or SAN) and \"ply\""
          + " (a whole number of at least 0)", null);
    }
    String userId = player.get().userId();
    return ClusterSharding.get(system).entityRefFor(ChessGame.ENTITY_TYPE_KEY, gameId)
        .<ChessGame.Reply>ask(to -> new ChessGame.MakeMove(userId, move, ply, to), askTimeout)
        .thenCompose(this::refusal)
        .exceptionallyCompose(failure -> error(StatusCodes.SERVICE_UNAVAILABLE,
            "the game did not answer in time; send the move again with the same ply", null));
  }

  /**
   * A refused move answers an error; an accepted one makes the socket look for its update at
   * once: pub/sub may not have delivered it (a subscription made moments ago may not have
   * reached the game's node yet), and the player expects to see its own move.
   */
  private CompletionStage<GameSocket.Msg> refusal(ChessGame.Reply reply) {
    if (reply instanceof ChessGame.Rejected rejected) {
      return error(GameRoutes.status(rejected.rejection()), rejected.detail(), rejected.game());
    }
    return CompletableFuture.completedFuture(GameSocket.Signal.RESYNC);
  }

  private CompletionStage<GameSocket.Msg> error(StatusCode status, String detail,
      Object game) {
    ObjectNode error = mapper.createObjectNode().put("type", "error")
        .put("status", status.intValue()).put("detail", detail);
    if (game != null) {
      error.set("game", mapper.valueToTree(game));
    }
    return CompletableFuture.completedFuture(new GameSocket.Say(error));
  }

  private CompletionStage<ChessGame.Reply> fetchState(String gameId) {
    return ClusterSharding.get(system).entityRefFor(ChessGame.ENTITY_TYPE_KEY, gameId)
        .ask(ChessGame.GetState::new, askTimeout);
  }
}
