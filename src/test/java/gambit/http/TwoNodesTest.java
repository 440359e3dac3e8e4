package gambit.http;

import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.json;
import static gambit.http.AuthFlows.me;
import static gambit.http.AuthFlows.newName;
import static gambit.http.AuthFlows.refreshBody;
import static gambit.http.AuthFlows.registeredAndLoggedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two ActorSystems, each with its own HTTP server) with the same signing key and the
 * same Redis accept each other's tokens with no call between them; a node with another key
 * refuses them.
 */
class TwoNodesTest {

  @Test
  void nodesWithTheSameKeyAcceptEachOthersTokens() {
    String prefix = "two-nodes-" + UUID.randomUUID();
    String shared = "gambit.auth.redis-key-prefix = \"" + prefix + "\"";
    String otherKey = shared + "\ngambit.auth.jwt.secret = "
        + "\"a-different-secret-a-different-secret-a-different-secret\"";
    try (ApiServer first = ApiServer.start(TestRedis.shared().uri(), shared);
        ApiServer second = ApiServer.start(TestRedis.shared().uri(), shared);
        ApiServer stranger = ApiServer.start(TestRedis.shared().uri(), otherKey)) {
      String name = newName("nina");
      JsonNode fromFirst = registeredAndLoggedIn(first, name);

      HttpResponse<String> onSecond = me(second, fromFirst.path("accessToken").asText());
      assertEquals(200, onSecond.statusCode(), onSecond.body());
      assertEquals(name, json(onSecond).path("username").asText());

      HttpResponse<String> refreshedOnSecond = second.postJson("/api/auth/refresh",
          refreshBody(fromFirst.path("refreshToken").asText()));
      assertEquals(200, refreshedOnSecond.statusCode(), refreshedOnSecond.body());
      String fromSecond = json(refreshedOnSecond).path("accessToken").asText();
      assertEquals(200, me(first, fromSecond).statusCode());

      assertProblem(me(stranger, fromSecond), 401, "signature is invalid");
    }
  }
}
