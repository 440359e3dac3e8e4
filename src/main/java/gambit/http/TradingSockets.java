package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.handleWebSocketMessages;
import static akka.http.javadsl.server.Directives.parameterList;
import static akka.http.javadsl.server.Directives.path;

import akka.NotUsed;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.server.Route;
import akka.stream.Materializer;
import akka.stream.SystemMaterializer;
import akka.stream.ThrottleMode;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import gambit.auth.Identity;
import gambit.trading.DashboardUpdate;
import gambit.trading.Outbox;
import gambit.trading.StreamSession;
import gambit.trading.Tick;
import gambit.trading.Trading;
import gambit.trading.model.InstrumentCatalogue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket streams of the trading area; each connection is one {@link StreamSession} actor
 * on the node that accepted it and an {@link Outbox} that its stream pulls from
 * ({@link OutboxSource}); ticks reach the outbox from the node's tick hub, not through the actor.
 *
 * <ul>
 *   <li>{@code GET /ws/dashboard} (authenticated; on the upgrade the token may come as
 *       {@code ?access_token=}; when that token expires, an {@code error} says so and the
 *       socket closes): a {@code snapshot} message (the dashboard, as
 *       {@code GET /api/dashboard} shows it), then {@code order}, {@code fill} and
 *       {@code balance} messages as the dashboard changes (each with the dashboard
 *       {@code version} it leads to; a new {@code snapshot} follows if updates were missed),
 *       {@code tick} messages for the instruments the user holds, has open orders in, or
 *       subscribed to, and {@code portfolio} messages (cash, positions marked to market,
 *       unrealized P&L, equity) after each change of the account and, at most every
 *       {@code websocket.portfolio-interval}, when the price of a held instrument moved;
 *   <li>{@code GET /ws/market?symbols=BTC-USD,ETH-USD} (public): {@code tick} messages of those
 *       instruments (1 to {@code websocket.max-symbols}; unknown ones answer 400 before the
 *       upgrade).
 * </ul>
 *
 * <p>Both start with the last known price of each watched instrument, take the client messages
 * {@code {"type":"subscribe"|"unsubscribe","symbols":[...]}} (answered with {@code subscribed}
 * and the current list, or {@code error} with a {@code detail}; the connection stays open), send a
 * {@code heartbeat} after {@code websocket.heartbeat-interval} without other messages, and number
 * every message they send with {@code seq} (1, 2, 3, ... per connection). Ticks are conflated per
 * instrument for a client that reads slowly; order, fill and balance messages never are. Client
 * messages: text only, at most {@value #MAX_CLIENT_MESSAGE} characters, about
 * {@value #CLIENT_MESSAGES_PER_SECOND} per second.
 */
final class TradingSockets {

  static final int MAX_CLIENT_MESSAGE = 4096;
  static final int CLIENT_MESSAGES_PER_SECOND = 10;
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  private static final Object HEARTBEAT = new Object();
  private static final Logger log = LoggerFactory.getLogger(TradingSockets.class);

  private final ActorSystem<?> system;
  private final Trading trading;
  private final Authentication authentication;
  private final ObjectMapper mapper;
  private final ObjectReader messageReader;
  private final Materializer materializer;
  private final Clock clock = Clock.systemUTC();

  TradingSockets(ActorSystem<?> system, Trading trading, Authentication authentication,
      ObjectMapper mapper) {
    this.system = system;
    this.trading = trading;
    this.authentication = authentication;
    this.mapper = mapper;
    this.messageReader = JsonBodies.strictReader(mapper);
    this.materializer = SystemMaterializer.get(system).materializer();
  }

  /** The routes, to be placed under {@code /ws}. */
  Route route() {
    return concat(
        path("dashboard", () -> get(() -> authentication.authenticatedUntil(
            (caller, validUntil) -> handleWebSocketMessages(dashboardFlow(caller, validUntil))))),
        // ?symbols=A,B and ?symbols=A&symbols=B both name A and B
        path("market", () -> get(() -> parameterList("symbols", symbols ->
            market(String.join(",", symbols))))));
  }

  private Route market(String symbols) {
    Set<String> known = new LinkedHashSet<>();
    for (String text : symbols.split(",")) {
      if (text.isBlank()) {
        continue;
      }
      Optional<String> symbol = trading.catalogue().find(text.strip()).map(i -> i.symbol());
      if (symbol.isEmpty()) {
        return complete(Problems.response(StatusCodes.BAD_REQUEST, "symbols: unknown instrument '"
            + shorten(text.strip()) + "'", Map.of("field", "symbols")));
      }
      known.add(symbol.get());
    }
    int max = trading.settings().socket().maxSymbols();
    if (known.isEmpty() || known.size() > max) {
      return complete(Problems.response(StatusCodes.BAD_REQUEST, "symbols: name 1 to " + max
          + " instruments, comma-separated", Map.of("field", "symbols")));
    }
    return handleWebSocketMessages(marketFlow(known));
  }

  /** The stream of a user's dashboard socket. */
  Flow<Message, Message, NotUsed> dashboardFlow(Identity caller) {
    return dashboardFlow(caller, Instant.MAX);
  }

  /** The stream of a user's dashboard socket, closed when the token that opened it expires. */
  Flow<Message, Message, NotUsed> dashboardFlow(Identity caller, Instant validUntil) {
    return flow(true, out -> StreamSession.dashboard(trading, caller.userId(), newId(), out,
        validUntil));
  }

  /** The stream of a public market socket. */
  Flow<Message, Message, NotUsed> marketFlow(Set<String> symbols) {
    return flow(false, out -> StreamSession.market(trading, symbols, newId(), out));
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }

  // ---------------------------------------------------------------- the stream

  /**
   * Client messages go to a new session actor; the elements of the socket's outbox (filled by
   * the session and the node's tick hub), one per demand, become JSON text messages with a
   * sequence number, with heartbeats in the pauses (with {@code snapshotFirst}, only after the
   * first element: a dashboard's snapshot may take a while when its entity recovers, and it is
   * documented as the first message).
   */
  private Flow<Message, Message, NotUsed> flow(boolean snapshotFirst,
      Function<Outbox, Behavior<StreamSession.Command>> session) {
    Outbox outbox = new Outbox(trading.settings().socket().maxPendingMessages());
    ActorRef<StreamSession.Command> actor = system.systemActorOf(session.apply(outbox),
        "socket-" + newId(), Props.empty());
    // a failed outbox means the session failed it and is stopping: no dead letter then
    Source<Object, NotUsed> elements = Source.fromGraph(new OutboxSource(outbox,
        trading.settings().socket().heartbeatInterval(), HEARTBEAT, snapshotFirst, () -> {
          if (outbox.failure() == null) {
            actor.tell(StreamSession.TransportStopped.INSTANCE);
          }
        }));

    Sink<Message, NotUsed> in = Flow.<Message>create()
        .mapAsync(1, this::read)
        .throttle(CLIENT_MESSAGES_PER_SECOND, Duration.ofSeconds(1),
            2 * CLIENT_MESSAGES_PER_SECOND, ThrottleMode.shaping())
        .to(Sink.foreach(actor::tell));
    Source<Message, NotUsed> out = elements.via(new NumberedMessages(this::render))
        .via(SocketShutdown.get(system).closeOnShutdown());
    return Flow.fromSinkAndSourceCoupled(in, out)
        .watchTermination((notUsed, done) -> {
          done.whenComplete((ok, error) -> {
            if (error != null) {
              log.debug("Socket stream failed: {}", error.toString());
            }
          });
          return NotUsed.getInstance();
        });
  }

  /** A client message as a session command; anything but a known JSON request is refused. */
  private CompletionStage<StreamSession.Command> read(Message message) {
    if (!message.isText()) {
      return message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer)
          .thenApply(done -> new StreamSession.ClientInvalid(
              "only text messages (JSON) are accepted"));
    }
    // a longer message is read to its end but not kept, and refused; the connection stays
    return message.asTextMessage().getStreamedText()
        .runFold(new StringBuilder(), (text, chunk) -> text.length() > MAX_CLIENT_MESSAGE ? text
            : text.append(chunk, 0, Math.min(chunk.length(),
                MAX_CLIENT_MESSAGE + 1 - text.length())), materializer)
        .toCompletableFuture()
        .orTimeout(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(text -> text.length() > MAX_CLIENT_MESSAGE
            ? new StreamSession.ClientInvalid("a message may have at most " + MAX_CLIENT_MESSAGE
                + " characters")
            : parse(text.toString()));
  }

  private StreamSession.Command parse(String text) {
    JsonNode request;
    try {
      request = messageReader.readTree(text);
    } catch (java.io.IOException e) {
      if (JsonBodies.isDuplicateName(e)) {
        return new StreamSession.ClientInvalid("a name appears twice in the message");
      }
      return new StreamSession.ClientInvalid("not JSON: send {\"type\":\"subscribe\","
          + "\"symbols\":[\"BTC-USD\"]}");
    }
    String type = request == null ? "" : request.path("type").asText("");
    if (!type.equals("subscribe") && !type.equals("unsubscribe")) {
      return new StreamSession.ClientInvalid("type must be subscribe or unsubscribe");
    }
    JsonNode symbols = request.path("symbols");
    if (!symbols.isArray() || symbols.isEmpty()) {
      return new StreamSession.ClientInvalid("symbols must be a non-empty array of strings");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode symbol : symbols) {
      if (!symbol.isTextual()) {
        return new StreamSession.ClientInvalid("symbols must be a non-empty array of strings");
      }
      names.add(symbol.textValue());
    }
    return new StreamSession.ClientSubscribe(names, type.equals("subscribe"));
  }

  // ---------------------------------------------------------------- JSON

  /**
   * One message before it is numbered: its type and its other members as JSON text without the
   * braces, so that numbering is a string concatenation.
   */
  record Rendered(String type, String members) {

    String numbered(long seq) {
      return "{\"type\":\"" + type + "\",\"seq\":" + seq
          + (members.isEmpty() ? "" : "," + members) + "}";
    }
  }

  /**
   * Ticks rendered recently, by value (equal ticks render alike). Sockets that lag behind send
   * different ticks of an instrument at the same time, so one entry per instrument would be
   * rendered again and again; the map is cleared when it grows past {@value #RENDERED_TICKS}.
   */
  private final Map<Tick, Rendered> renderedTicks = new ConcurrentHashMap<>();
  private static final int RENDERED_TICKS = 4096;

  private List<Rendered> render(Object element) {
    InstrumentCatalogue catalogue = trading.catalogue();
    if (element == HEARTBEAT) {
      return List.of(rendered("heartbeat", object().put("time", clock.instant().toString())));
    }
    if (element instanceof StreamSession.TickOut out) {
      return List.of(tick(catalogue, out.tick()));
    }
    if (element instanceof StreamSession.SnapshotOut snapshot) {
      return List.of(rendered("snapshot", object().set("dashboard",
          mapper.valueToTree(TradingViews.dashboard(catalogue, snapshot.snapshot())))));
    }
    if (element instanceof StreamSession.UpdateOut update) {
      return update(catalogue, update.update());
    }
    if (element instanceof StreamSession.PortfolioOut portfolio) {
      return List.of(rendered("portfolio", mapper.valueToTree(TradingViews.portfolio(catalogue,
          portfolio.account(), portfolio.version(), portfolio.marks()))));
    }
    if (element instanceof StreamSession.SubscribedOut subscribed) {
      ObjectNode node = object();
      subscribed.symbols().stream().sorted().forEach(node.putArray("symbols")::add);
      return List.of(rendered("subscribed", node));
    }
    StreamSession.ErrorOut error = (StreamSession.ErrorOut) element;
    return List.of(rendered("error", object().put("detail", error.detail())));
  }

  /** Rendered about once per tick for all sockets of this node. */
  private Rendered tick(InstrumentCatalogue catalogue, Tick tick) {
    Rendered cached = renderedTicks.get(tick);
    if (cached != null) {
      return cached;
    }
    if (renderedTicks.size() >= RENDERED_TICKS) {
      renderedTicks.clear();
    }
    Rendered rendered = rendered("tick",
        (ObjectNode) mapper.valueToTree(TradingViews.tick(catalogue, tick)));
    renderedTicks.put(tick, rendered);
    return rendered;
  }

  /** A fill first, then the order as it is now, then the balances after the event. */
  private List<Rendered> update(InstrumentCatalogue catalogue, DashboardUpdate update) {
    List<Rendered> messages = new ArrayList<>(3);
    if (update.fill() != null) {
      messages.add(rendered("fill", object().put("version", update.version())
          .set("fill", mapper.valueToTree(TradingViews.fill(catalogue, update.fill())))));
    }
    if (update.order() != null) {
      messages.add(rendered("order", object().put("version", update.version())
          .set("order", mapper.valueToTree(TradingViews.order(catalogue, update.order())))));
    }
    messages.add(rendered("balance", object().put("version", update.version())
        .set("balances", mapper.valueToTree(TradingViews.balances(update.balances())))));
    return messages;
  }

  private ObjectNode object() {
    return mapper.createObjectNode();
  }

  private static Rendered rendered(String type, ObjectNode members) {
    String text = members.toString();
    return new Rendered(type, text.substring(1, text.length() - 1));
  }

  private static String shorten(String text) {
    return text.length() <= 24 ? text : text.substring(0, 24) + "...";
  }
}
