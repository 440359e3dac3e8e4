package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.delete;
import static akka.http.javadsl.server.Directives.extractRequest;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.optionalHeaderValueByName;
import static akka.http.javadsl.server.Directives.parameterOptional;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathEnd;
import static akka.http.javadsl.server.Directives.pathPrefix;
import static akka.http.javadsl.server.Directives.post;
import static akka.http.javadsl.server.Directives.respondWithHeader;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RawHeader;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.auth.Identity;
import gambit.trading.Dashboard;
import gambit.trading.Trading;
import gambit.trading.model.OrderRequest;
import gambit.trading.model.RejectReason;
import gambit.trading.model.ValidationException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders and the dashboard of the caller: {@code POST /api/orders} (with an
 * {@code Idempotency-Key}, see {@link OrderIdempotency}), {@code DELETE /api/orders/{id}},
 * {@code GET /api/orders?status=open|all} and {@code GET /api/dashboard}. Thin: it validates the
 * request with the model ({@link OrderRequest#parse}), asks the caller's {@link Dashboard} and
 * maps each reply to one status:
 *
 * <ul>
 *   <li>201 a new order (open or filled), 200 the same order again for a repeated key;
 *   <li>400 a malformed body, a missing or malformed {@code Idempotency-Key} or an amount off the
 *       instrument's rules (the problem names the {@code field});
 *   <li>404 an unknown order; 409 cancelling a filled order;
 *   <li>422 an order the account refuses ({@code reason}: {@code insufficient_funds},
 *       {@code no_price}, {@code order_value_out_of_range}, {@code too_many_open_orders}), and a
 *       key reused with another request;
 *   <li>429 with {@code Retry-After} more new orders than {@code dashboard.order-rate} allows
 *       ({@code reason}: {@code order_rate_exceeded}; the key stays free for the retry);
 *   <li>503 Redis unreachable or the dashboard not answering within {@code ask-timeout}.
 * </ul>
 */
final class OrderRoutes {

  private static final Logger log = LoggerFactory.getLogger(OrderRoutes.class);
  private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final Trading trading;
  private final Authentication authentication;
  private final JsonBodies bodies;
  private final ObjectMapper mapper;
  private final OrderIdempotency idempotency;

  OrderRoutes(Trading trading, Authentication authentication, JsonBodies bodies,
      ObjectMapper mapper, akka.actor.typed.ActorSystem<?> system) {
    this.trading = trading;
    this.authentication = authentication;
    this.bodies = bodies;
    this.mapper = mapper;
    this.idempotency = new OrderIdempotency(system,
        new gambit.trading.TradingKeys(trading.settings().keyPrefix()),
        trading.settings().idempotencyTtl(),
        trading.settings().askTimeout().plusSeconds(1), Clock.systemUTC());
  }

  /** The routes, to be placed under {@code /api}. */
  Route route() {
    return concat(
        pathPrefix("orders", () -> concat(
            pathEnd(() -> concat(
                post(() -> authentication.authenticated(this::place)),
                get(() -> authentication.authenticated(this::list)))),
            path(segment(), orderId ->
                delete(() -> authentication.authenticated(caller -> cancel(caller, orderId)))))),
        path("dashboard", () -> get(() -> authentication.authenticated(this::dashboard))));
  }

  // ---------------------------------------------------------------- place

  private Route place(Identity caller) {
    return extractRequest(request -> optionalHeaderValueByName(IDEMPOTENCY_KEY, key -> {
      long keys = StreamSupport.stream(request.getHeaders().spliterator(), false)
          .filter(header -> header.is(IDEMPOTENCY_KEY.toLowerCase(Locale.ROOT))).count();
      if (keys > 1) {
        return complete(Problems.response(StatusCodes.BAD_REQUEST, "send one "
            + IDEMPOTENCY_KEY + " header, not " + keys + ": which of them names the order"
            + " would be a guess"));
      }
      if (key.isEmpty() || key.get().isBlank()) {
        return complete(Problems.response(StatusCodes.BAD_REQUEST, "the " + IDEMPOTENCY_KEY
            + " header is required: send a unique value (e.g. a UUID) per order and the same"
            + " value when you retry it"));
      }
      if (!OrderIdempotency.KEY.matcher(key.get()).matches()) {
        return complete(Problems.response(StatusCodes.BAD_REQUEST, "the " + IDEMPOTENCY_KEY
            + " header must be 1 to 128 of A-Z, a-z, 0-9, '.', '_', ':' or '-'"));
      }
      return bodies.object(body -> place(caller, key.get(), request(body)));
    }));
  }

  /** The body's fields through the model's validation (400 naming the field). */
  private OrderRequest request(JsonNode body) {
    List<String> required = JsonBodies.strings(body, OrderRequest.SYMBOL, OrderRequest.SIDE,
        OrderRequest.TYPE, OrderRequest.QUANTITY);
    try {
      return OrderRequest.parse(trading.catalogue(), required.get(0), required.get(1),
          required.get(2), required.get(3), optionalString(body, OrderRequest.PRICE),
          optionalString(body, OrderRequest.CLIENT_ORDER_ID));
    } catch (ValidationException e) {
      throw new ProblemException(invalid(e.field(), e.reason(), e.detail()));
    }
  }

  private Route place(Identity caller, String key, OrderRequest request) {
    String hash = OrderIdempotency.hash(canonical(request));
    return TradingRoutes.await(idempotency.claim(caller.userId(), key, hash), claim -> {
      if (claim instanceof OrderIdempotency.Claim.Mismatch) {
        return complete(Problems.response(StatusCodes.UNPROCESSABLE_ENTITY, "this "
            + IDEMPOTENCY_KEY + " was used with a different order request; use a new key for a"
            + " new order", Map.of("reason", "idempotency_key_reused")));
      }
      if (claim instanceof OrderIdempotency.Claim.Replay replay) {
        return respondWithHeader(RawHeader.create("Idempotent-Replayed", "true"), () ->
            complete(replayed(replay)));
      }
      OrderIdempotency.Claim.Place place = (OrderIdempotency.Claim.Place) claim;
      CompletionStage<Dashboard.PlaceReply> reply = trading.dashboard(caller.userId())
          .ask(to -> new Dashboard.PlaceOrder(place.orderId(), key, request, to),
              trading.settings().askTimeout());
      return TradingRoutes.await(reply, placed -> answer(caller, key, place, placed));
    });
  }

  /** A repeat of an answered key: a placed order answers 200, anything else as it did. */
  private static HttpResponse replayed(OrderIdempotency.Claim.Replay replay) {
    boolean placed = replay.status() == StatusCodes.CREATED.intValue();
    StatusCode status = placed ? StatusCodes.OK : StatusCodes.get(replay.status());
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(
        placed ? ContentTypes.APPLICATION_JSON : Problems.PROBLEM_JSON, replay.body()));
  }

  private Route answer(Identity caller, String key, OrderIdempotency.Claim.Place place,
      Dashboard.PlaceReply reply) {
    if (reply instanceof Dashboard.PlaceUnavailable unavailable) {
      idempotency.giveUp(caller.userId(), key, place.orderId());
      log.debug("Order {} not placed: {}", place.orderId(), unavailable.detail());
      return complete(Problems.response(StatusCodes.SERVICE_UNAVAILABLE,
          "the current price cannot be read; try again shortly"));
    }
    if (reply instanceof Dashboard.OrderThrottled throttled) {
      idempotency.giveUp(caller.userId(), key, place.orderId()); // the retry may use the key
      long seconds = Problems.seconds(java.time.Duration.ofMillis(throttled.retryAfterMillis()));
      return complete(Problems.response(StatusCodes.TOO_MANY_REQUESTS, "too many new orders "
              + "in a short time; try again in " + seconds + " s",
              Map.of("reason", "order_rate_exceeded"))
          .addHeader(akka.http.javadsl.model.headers.RetryAfter.create(seconds)));
    }
    HttpResponse response = response(reply);
    String body = ((akka.http.javadsl.model.HttpEntity.Strict) response.entity()).getData()
        .utf8String();
    int stored = reply instanceof Dashboard.OrderPlaced ? StatusCodes.CREATED.intValue()
        : response.status().intValue();
    idempotency.answer(caller.userId(), key, place.orderId(), stored, body)
        .whenComplete((written, error) -> {
          if (error != null) {
            log.debug("Answer to order {} not stored: {}", place.orderId(), error.getMessage());
          }
        });
    return complete(response);
  }

  private HttpResponse response(Dashboard.PlaceReply reply) {
    if (reply instanceof Dashboard.OrderPlaced placed) {
      return json(placed.created() ? StatusCodes.CREATED : StatusCodes.OK,
          TradingViews.order(trading.catalogue(), placed.order()));
    }
    if (reply instanceof Dashboard.OrderRejected rejected) {
      return Problems.response(StatusCodes.UNPROCESSABLE_ENTITY, rejected.detail(),
          Map.of("reason", wire(rejected.reason())));
    }
    Dashboard.OrderInvalid invalid = (Dashboard.OrderInvalid) reply;
    return invalid(invalid.field(), invalid.reason(), invalid.detail());
  }

  // ---------------------------------------------------------------- cancel, list, dashboard

  private Route cancel(Identity caller, String orderId) {
    if (!ORDER_ID.matcher(orderId).matches()) {
      // no order can have this id: the same 404 as the dashboard's for an id it does not know
      return complete(Problems.response(StatusCodes.NOT_FOUND,
          "no order " + Problems.clip(orderId) + " in this account",
          Map.of("reason", wire(RejectReason.ORDER_NOT_FOUND))));
    }
    CompletionStage<Dashboard.CancelReply> reply = trading.dashboard(caller.userId())
        .ask(to -> new Dashboard.CancelOrder(orderId, to), trading.settings().askTimeout());
    return TradingRoutes.await(reply, answer -> {
      if (answer instanceof Dashboard.OrderCancelled cancelled) {
        return complete(json(StatusCodes.OK,
            TradingViews.order(trading.catalogue(), cancelled.order())));
      }
      Dashboard.CancelRejected rejected = (Dashboard.CancelRejected) answer;
      StatusCode status = rejected.reason() == RejectReason.ORDER_NOT_FOUND
          ? StatusCodes.NOT_FOUND : StatusCodes.CONFLICT;
      return complete(Problems.response(status, rejected.detail(),
          Map.of("reason", wire(rejected.reason()))));
    });
  }

  private Route list(Identity caller) {
    return parameterOptional("status", status -> {
      String filter = status.orElse("all");
      if (!filter.equals("open") && !filter.equals("all")) {
        return complete(Problems.response(StatusCodes.BAD_REQUEST,
            "status must be open or all, got '" + shorten(filter) + "'",
            Map.of("field", "status")));
      }
      CompletionStage<Dashboard.OrderList> reply = trading.dashboard(caller.userId())
          .ask(to -> new Dashboard.GetOrders(filter.equals("open"), to),
              trading.settings().askTimeout());
      return TradingRoutes.await(reply, orders -> complete(json(StatusCodes.OK,
          Map.of("orders", orders.orders().stream()
              .map(o -> TradingViews.order(trading.catalogue(), o)).toList()))));
    });
  }

  private Route dashboard(Identity caller) {
    CompletionStage<Dashboard.DashboardSnapshot> reply = trading.dashboard(caller.userId())
        .ask(Dashboard.GetDashboard::new, trading.settings().askTimeout());
    return TradingRoutes.await(reply, snapshot -> complete(json(StatusCodes.OK,
        TradingViews.dashboard(trading.catalogue(), snapshot))));
  }

  // ---------------------------------------------------------------- helpers

  /** The request as the key's hash sees it: the validated values, so "1.0" equals "1.00". */
  private static String canonical(OrderRequest r) {
    return String.join("|", r.symbol(), r.side().name(), r.type().name(),
        r.quantity().toPlainString(),
        r.limitPrice() == null ? "" : r.limitPrice().toPlainString(),
        r.clientOrderId() == null ? "" : r.clientOrderId());
  }

  private static HttpResponse invalid(String field, ValidationException.Reason reason,
      String detail) {
    return Problems.response(StatusCodes.BAD_REQUEST, field + ": " + detail,
        Map.of("field", field, "reason", reason.name().toLowerCase(Locale.ROOT)));
  }

  private static String wire(RejectReason reason) {
    return reason.name().toLowerCase(Locale.ROOT);
  }

  /** An optional string field: null when absent or null; 400 when not a string. */
  private static String optionalString(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new ProblemException(StatusCodes.BAD_REQUEST, "field \"" + field
          + "\" must be a string");
    }
    return value.textValue();
  }

  private HttpResponse json(StatusCode status, Object view) {
    try {
      return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(
          ContentTypes.APPLICATION_JSON, mapper.writeValueAsString(view)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + view.getClass().getSimpleName(), e);
    }
  }

  private static String shorten(String text) {
    return text.length() <= 24 ? text : text.substring(0, 24) + "...";
  }
}
