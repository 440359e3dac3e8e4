package gambit.http;

import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.handleExceptions;
import static akka.http.javadsl.server.Directives.onSuccess;
import static akka.http.javadsl.server.Directives.path;
import static gambit.http.AuthFlows.assertProblem;
import static org.junit.jupiter.api.Assertions.assertFalse;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import gambit.node.StoreUnavailableException;
import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The problem+json mapping that every area relies on, exercised through probe routes: a
 * {@link ProblemException} keeps its status (422 here, which later areas use for well-formed but
 * unacceptable commands), a store outage in a stage is 503, and a bug is 500 without a trace.
 */
class ProblemsTest {

  private static ApiServer server;

  @BeforeAll
  static void startServer() {
    server = ApiServer.start(TestRedis.shared().uri(), "", authentication ->
        handleExceptions(Problems.exceptionHandler(), () -> concat(
            path("probe-422", () -> failWith(new ProblemException(
                StatusCodes.UNPROCESSABLE_ENTITY, "that move is illegal"))),
            path("probe-503", () -> onSuccess(CompletableFuture.supplyAsync(() -> {
              throw new StoreUnavailableException("redis is down", null);
            }), ignored -> null)),
            path("probe-500", () -> failWith(new IllegalStateException("secret internals"))))));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static Route failWith(RuntimeException error) {
    throw error;
  }

  @Test
  void aProblemExceptionKeepsItsStatusAndDetail() {
    assertProblem(server.get("/probe-422"), 422, "that move is illegal");
  }

  @Test
  void aStoreOutageInAStageAnswers503() {
    assertProblem(server.get("/probe-503"), 503, "the data store is unavailable");
  }

  @Test
  void aBugAnswers500WithoutItsMessageOrTrace() {
    HttpResponse<String> response = server.get("/probe-500");
    assertProblem(response, 500, "failed to handle the request");
    assertFalse(response.body().contains("secret internals"), response.body());
    assertFalse(response.body().contains("at gambit."), response.body());
  }
}
