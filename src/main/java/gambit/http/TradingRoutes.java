package gambit.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.onComplete;

import akka.actor.typed.ActorSystem;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RetryAfter;
import akka.http.javadsl.server.Route;
import com.fasterxml.jackson.databind.ObjectMapper;
import gambit.auth.AuthService;
import gambit.node.RedisStore;
import gambit.trading.Trading;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The trading API of a node: {@link MarketRoutes} (instruments, candles, operators' ticks),
 * {@link SearchRoutes}, {@link OrderRoutes} (orders and the dashboard) under {@code /api}, and the
 * WebSocket streams under {@code /ws} ({@link TradingSockets}). The stateless parts work on any
 * actor system; orders, the dashboard, tick pushes and the dashboard socket need
 * {@link Trading#start} to have run on this node (a cluster member).
 */
public final class TradingRoutes {

  private final MarketRoutes market;
  private final SearchRoutes search;
  private final OrderRoutes orders;
  private final TradingSockets sockets;

  public TradingRoutes(ActorSystem<?> system, AuthService auth, Authentication authentication,
      JsonBodies bodies, ObjectMapper mapper) {
    Trading trading = Trading.get(system);
    this.market = new MarketRoutes(system, trading, authentication, bodies, mapper);
    this.search = new SearchRoutes(trading, auth.usernames(), RedisStore.get(system), mapper);
    this.orders = new OrderRoutes(trading, authentication, bodies, mapper, system);
    this.sockets = new TradingSockets(system, trading, authentication, mapper);
  }

  /** The routes to be placed under {@code /api}. */
  public Route route() {
    return concat(market.route(), search.route(), orders.route());
  }

  /** The WebSocket routes, to be placed under {@code /ws}. */
  public Route sockets() {
    return sockets.route();
  }

  /**
   * Waits for a stage, then answers with {@code inner}. A dashboard or the feed not answering
   * within its timeout answers 503; other failures go to {@link Problems#exceptionHandler()}
   * (503 for Redis, 500 for bugs).
   */
  static <T> Route await(CompletionStage<T> stage, Function<T, Route> inner) {
    return onComplete(stage, result -> {
      if (result.isSuccess()) {
        return inner.apply(result.get());
      }
      Throwable error = unwrap(result.failed().get());
      if (error instanceof TimeoutException) {
        return complete(Problems.response(StatusCodes.SERVICE_UNAVAILABLE,
            "the service did not answer in time; try again shortly")
            .addHeader(RetryAfter.create(1L)));
      }
      throw error instanceof RuntimeException runtime ? runtime : new CompletionException(error);
    });
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
