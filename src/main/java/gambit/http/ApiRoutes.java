package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.handleExceptions;
import static akka.http.javadsl.server.Directives.handleRejections;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.withRequestTimeoutResponse;

import akka.actor.typed.ActorSystem;
import akka.cluster.typed.Cluster;
import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.server.Route;
import akka.serialization.jackson.JacksonObjectMapperProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.auth.AuthService;
import gambit.chess.ChessSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The whole HTTP API of a node: every route under {@code /api}, wrapped in the problem+json error
 * handling. Areas (auth, games, trading) add their routes here ({@link AuthRoutes},
 * {@link GameRoutes}, {@link TradingRoutes}); routes that need a caller use the one
 * {@link Authentication} directive, and JSON bodies go through {@link JsonBodies}.
 */
public final class ApiRoutes {

  private final ActorSystem<?> system;
  private final ObjectMapper mapper;
  private final Authentication authentication;
  private final AuthRoutes authRoutes;
  private final GameRoutes gameRoutes;
  private final GameSocketRoutes gameSocketRoutes;
  private final TradingRoutes tradingRoutes;

  /**
   * @param auth the node's account and token service
   * @param maxBodyBytes the largest request body any route accepts ({@code 413} above it)
   */
  public ApiRoutes(ActorSystem<?> system, AuthService auth, long maxBodyBytes) {
    this.system = system;
    this.mapper = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json",
        Optional.empty());
    this.authentication = new Authentication(auth);
    JsonBodies bodies = new JsonBodies(mapper, maxBodyBytes);
    this.authRoutes = new AuthRoutes(auth, authentication, bodies, mapper);
    Duration askTimeout = ChessSettings.from(system.settings().config()).askTimeout();
    this.gameRoutes = new GameRoutes(system, authentication, bodies, mapper, askTimeout);
    this.gameSocketRoutes = new GameSocketRoutes(system, authentication, mapper, askTimeout,
        GameSocketSettings.from(system.settings().config()));
    this.tradingRoutes = new TradingRoutes(system, auth, authentication, bodies, mapper);
  }

  /** The authentication directive, for the routes of other areas. */
  public Authentication authentication() {
    return authentication;
  }

  /** The game WebSockets, e.g. for their connection count. */
  public GameSocketRoutes gameSockets() {
    return gameSocketRoutes;
  }

  /**
   * The sealed route, {@code /api} and the WebSockets under {@code /ws}: unknown paths, bad
   * methods and failures all answer problem+json.
   */
  public Route route() {
    return withRequestTimeoutResponse(Problems::timedOut, () ->
        handleExceptions(Problems.exceptionHandler(), () ->
            handleRejections(Problems.rejectionHandler(), () -> concat(
                pathPrefix("api", () -> concat(
                    path("info", () -> get(this::info)),
                    authRoutes.route(),
                    gameRoutes.route(),
                    tradingRoutes.route())),
                pathPrefix("ws", () -> concat(gameSocketRoutes.route(),
                    tradingRoutes.sockets()))))));
  }

  private Route info() {
    Cluster cluster = Cluster.get(system);
    NodeInfo info = new NodeInfo("gambit", Version.current(),
        cluster.selfMember().address().toString(), cluster.selfMember().status().toString(),
        cluster.state().members().size());
    return complete(akka.http.javadsl.model.StatusCodes.OK, info, Jackson.marshaller(mapper));
  }

  /** {@code GET /api/info}: which service and version answers, and its cluster view. */
  public record NodeInfo(String service, String version, String node, String memberStatus,
      int members) {}
}
