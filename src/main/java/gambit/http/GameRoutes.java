package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onComplete;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.respondWithHeader;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.auth.Identity;
import gambit.chess.ChessGame;
import gambit.chess.ChessGame.Command;
import gambit.chess.ChessGame.Reply;
import gambit.chess.GameView;
import gambit.chess.Player;
import gambit.chess.TimeControl;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Live chess games over HTTP, under {@code /api/games}. Thin: it reads the request, asks the
 * game's {@link ChessGame} entity (wherever sharding placed it) with the configured timeout, and
 * maps each answer to one status:
 *
 * <table>
 *   <tr><th>answer</th><th>status</th></tr>
 *   <tr><td>accepted</td><td>200 with the game view (201 and {@code Location} on create)</td></tr>
 *   <tr><td>malformed body, move text or FEN</td><td>400</td></tr>
 *   <tr><td>no or bad access token</td><td>401 (from {@link Authentication})</td></tr>
 *   <tr><td>not one of the game's players</td><td>403</td></tr>
 *   <tr><td>unknown game, or an id the server cannot have made</td><td>404</td></tr>
 *   <tr><td>not your turn, stale or future ply, game over, ...</td><td>409</td></tr>
 *   <tr><td>illegal move, decided start position</td><td>422</td></tr>
 *   <tr><td>no answer within {@code gambit.chess.ask-timeout}</td><td>503</td></tr>
 * </table>
 * Refusals are problem+json; those about an existing game carry its current view as the
 * extension member {@code game}, so a client can resynchronize without another request.
 * Reading a game ({@code GET}) needs no token; everything else does.
 */
public final class GameRoutes {

  /** What {@link #newGameId()} makes: 16 URL-safe characters (96 random bits). */
  private static final Pattern GAME_ID = Pattern.compile("[A-Za-z0-9_-]{16}");
  private static final ContentType.WithCharset PGN = ContentTypes.create(
      MediaTypes.applicationWithOpenCharset("x-chess-pgn", "pgn"), HttpCharsets.UTF_8);

  private final ActorSystem<?> system;
  private final Authentication authentication;
  private final JsonBodies bodies;
  private final ObjectMapper mapper;
  private final Duration askTimeout;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param system a cluster member on which {@link ChessGame#init} has run (checked at the
   *     first request, so that nodes without games can still build the API)
   * @param askTimeout how long to wait for a game's answer before answering 503
   */
  public GameRoutes(ActorSystem<?> system, Authentication authentication, JsonBodies bodies,
      ObjectMapper mapper, Duration askTimeout) {
    this.system = system;
    this.authentication = authentication;
    this.bodies = bodies;
    this.mapper = mapper;
    this.askTimeout = askTimeout;
  }

  /** The routes, to be placed under {@code /api}. */
  public Route route() {
    return pathPrefix("games", () -> concat(
        pathEnd(() -> post(() -> authentication.authenticated(this::create))),
        pathPrefix(segment(), id -> knownId(id, () -> concat(
            pathEnd(() -> get(() -> view(id))),
            path("pgn", () -> get(() -> pgn(id))),
            path("join", () -> post(() -> authentication.authenticated(who -> join(id, who)))),
            path("moves", () -> post(() -> authentication.authenticated(who -> move(id, who)))),
            path("resign", () -> post(() -> authentication.authenticated(who ->
                answer(id, to -> new ChessGame.Resign(who.userId(), to))))),
            path("draw", () -> post(() -> authentication.authenticated(who -> draw(id, who)))),
            path("abort", () -> post(() -> authentication.authenticated(who ->
                answer(id, to -> new ChessGame.Abort(who.userId(), to))))))))));
  }

  // ---------------------------------------------------------------- routes

  /** {@code POST /api/games {"timeControl":"5+3"|"none","color":"white|black|random","fen"}}. */
  private Route create(Identity identity) {
    return bodies.object(body -> {
      JsonBodies.strings(body, "timeControl", "color");
      TimeControl timeControl = timeControl(body.get("timeControl").textValue());
      ChessGame.ColorChoice color = choice(ChessGame.ColorChoice.class, "color", body);
      String fen = JsonBodies.optionalString(body, "fen").orElse(null);
      String id = newGameId();
      return ask(id, to -> new ChessGame.Create(player(identity), timeControl, color, fen, to),
          reply -> reply instanceof ChessGame.Accepted accepted
              ? respondWithHeader(Location.create("/api/games/" + id),
                  () -> complete(StatusCodes.CREATED, accepted.game(), Jackson.marshaller(mapper)))
              : refused(reply));
    });
  }

  private Route view(String id) {
    return answer(id, ChessGame.Get::new);
  }

  private Route pgn(String id) {
    return ask(id, ChessGame.GetPgn::new, reply -> reply instanceof ChessGame.PgnText text
        ? complete(HttpResponse.create().withEntity(HttpEntities.create(PGN, text.pgn())))
        : refused(reply));
  }

  private Route join(String id, Identity identity) {
    return answer(id, to -> new ChessGame.Join(player(identity), to));
  }

  /** {@code POST .../moves {"move":"e2e4"|"Nf3","ply":0}}: ply = half-moves before it. */
  private Route move(String id, Identity identity) {
    return bodies.object(body -> {
      String move = JsonBodies.strings(body, "move").get(0);
      int ply = JsonBodies.nonNegativeInt(body, "ply");
      return answer(id, to -> new ChessGame.MakeMove(identity.userId(), move, ply, to));
    });
  }

  /** {@code POST .../draw {"action":"offer|accept|decline|claim"}}. */
  private Route draw(String id, Identity identity) {
    return bodies.object(body -> {
      JsonBodies.strings(body, "action");
      ChessGame.DrawAction action = choice(ChessGame.DrawAction.class, "action", body);
      return answer(id, to -> new ChessGame.Draw(identity.userId(), action, to));
    });
  }

  // ---------------------------------------------------------------- asking the game

  /** Asks and answers 200 with the view, or the refusal's problem. */
  private Route answer(String id, Function<ActorRef<Reply>, Command> command) {
    return ask(id, command, reply -> reply instanceof ChessGame.Accepted accepted
        ? complete(StatusCodes.OK, accepted.game(), Jackson.marshaller(mapper))
        : refused(reply));
  }

  private Route ask(String id, Function<ActorRef<Reply>, Command> command,
      Function<Reply, Route> onReply) {
    CompletionStage<Reply> reply = ClusterSharding.get(system)
        .entityRefFor(ChessGame.ENTITY_TYPE_KEY, id)
        .ask(command::apply, askTimeout);
    return onComplete(reply, outcome -> {
      if (outcome.isSuccess()) {
        return onReply.apply(outcome.get());
      }
      Throwable error = outcome.failed().get();
      if (error instanceof TimeoutException) {
        return complete(Problems.response(StatusCodes.SERVICE_UNAVAILABLE, "the game did not"
            + " answer within " + askTimeout.toMillis() + " ms; try again (a move retried with"
            + " the same ply is not played twice)").addHeader(RetryAfter.create(1L)));
      }
      throw new CompletionException(error);
    });
  }

  private Route refused(Reply reply) {
    if (!(reply instanceof ChessGame.Rejected rejected)) {
      throw new IllegalStateException("unexpected answer from a game: " + reply);
    }
    StatusCode status = status(rejected.rejection());
    GameView game = rejected.game();
    Map<String, ?> extensions = game == null ? Map.of()
        : Map.of("game", (JsonNode) mapper.valueToTree(game));
    return complete(Problems.response(status, rejected.detail(), extensions));
  }

  // ---------------------------------------------------------------- helpers

  /** The one status for each refusal; the WebSocket uses it too. */
  static StatusCode status(ChessGame.Rejection rejection) {
    return switch (rejection) {
      case NOT_FOUND -> StatusCodes.NOT_FOUND;
      case NOT_A_PLAYER -> StatusCodes.FORBIDDEN;
      case CONFLICT -> StatusCodes.CONFLICT;
      case ILLEGAL -> StatusCodes.UNPROCESSABLE_ENTITY;
      case MALFORMED -> StatusCodes.BAD_REQUEST;
    };
  }

  /** Ids are the server's own; anything else cannot name a game and is answered 404 here. */
  static Route knownId(String id, Supplier<Route> inner) {
    return GAME_ID.matcher(id).matches() ? inner.get()
        : complete(Problems.response(StatusCodes.NOT_FOUND, "there is no game "
            + Problems.clip(id)));
  }

  private String newGameId() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Player player(Identity identity) {
    return new Player(identity.userId(), identity.username());
  }

  private static TimeControl timeControl(String text) {
    try {
      return TimeControl.parse(text).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(StatusCodes.BAD_REQUEST, e.getMessage());
    }
  }

  /** The enum constant a lower-case string field names; 400 listing the choices otherwise. */
  private static <E extends Enum<E>> E choice(Class<E> type, String field, JsonNode body) {
    String text = body.get(field).textValue();
    for (E constant : type.getEnumConstants()) {
      if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
        return constant;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E constant : type.getEnumConstants()) {
      allowed.append(allowed.length() == 0 ? "" : ", ")
          .append(constant.name().toLowerCase(Locale.ROOT));
    }
    throw new ProblemException(StatusCodes.BAD_REQUEST, "field \"" + field + "\" must be one of "
        + allowed + ", got \"" + text + "\"");
  }
}
