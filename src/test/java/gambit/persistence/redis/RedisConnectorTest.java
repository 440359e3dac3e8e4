package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.node.RedisServerProcess;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * The connector against real standalone servers: credentials and database from the URI, clear
 * failures for wrong credentials, and the outage behaviour the journal's circuit breaker relies
 * on (fail at once while Redis is down, serve again once it is back).
 */
class RedisConnectorTest {

  private static final String PASSWORD = "s3cret-pa55";

  @Test
  void usesThePasswordAndDatabaseFromTheUri() {
    try (RedisServerProcess redis = TestRedis.start(Map.of("requirepass", PASSWORD));
        RedisConnector<byte[], byte[]> connector = RedisConnector.connect(
            TestSettings.forUri("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port() + "/3"))) {
      await(connector.commands().set(bytes("db-key"), bytes("in three")));

      assertEquals("in three", readDirectly(redis, 3, "db-key"));
      assertEquals(null, readDirectly(redis, 0, "db-key"));
    }
  }

  @Test
  void wrongPasswordFailsAtConnectWithAClearMessageThatHidesThePassword() {
    try (RedisServerProcess redis = TestRedis.start(Map.of("requirepass", PASSWORD))) {
      String uri = "redis://:not-the-password@127.0.0.1:" + redis.port();

      RedisConnectionException error = assertThrows(RedisConnectionException.class,
          () -> RedisConnector.connect(TestSettings.forUri(uri)));

      assertTrue(error.getMessage().contains("WRONGPASS"), error.getMessage());
      assertTrue(RedisConnector.refusedCredentials(error), "no retry fixes a wrong password");
      assertTrue(error.getMessage().contains("127.0.0.1:" + redis.port()), error.getMessage());
      assertFalse(fullText(error).contains("not-the-password"), fullText(error));
    }
  }

  @Test
  void missingPasswordFailsAtConnectSayingAuthenticationIsRequired() {
    try (RedisServerProcess redis = TestRedis.start(Map.of("requirepass", PASSWORD))) {
      RedisConnectionException error = assertThrows(RedisConnectionException.class,
          () -> RedisConnector.connect(TestSettings.forUri(redis.uri())));

      assertTrue(error.getMessage().contains("NOAUTH"), error.getMessage());
      assertTrue(RedisConnector.refusedCredentials(error), "no retry fixes a missing password");
    }
  }

  @Test
  void aServerThatIsDownIsNotTakenForRefusedCredentials() {
    int port;
    try (RedisServerProcess redis = TestRedis.start(Map.of())) {
      port = redis.port();
    }
    RedisConnectionException error = assertThrows(RedisConnectionException.class,
        () -> RedisConnector.connect(TestSettings.forUri("redis://:any@127.0.0.1:" + port)));

    assertFalse(RedisConnector.refusedCredentials(error), error.toString());
  }

  @Test
  void stoppedRedisFailsCommandsAtOnceAndServesAgainAfterRestart() {
    Duration commandTimeout = Duration.ofSeconds(20);
    try (RedisServerProcess redis = TestRedis.start(Map.of("appendfsync", "always"));
        RedisConnector<byte[], byte[]> connector = RedisConnector.connect(TestSettings.forUri(redis.uri(),
            Map.of("command-timeout", commandTimeout.toMillis() + "ms")))) {
      await(connector.commands().set(bytes("before"), bytes("kept")));

      redis.kill();
      long started = System.nanoTime();
      CompletionException down = assertThrows(CompletionException.class,
          () -> await(connector.commands().get(bytes("before"))));
      Duration failedAfter = Duration.ofNanos(System.nanoTime() - started);

      assertFalse(down.getCause() instanceof RedisCommandTimeoutException, down.toString());
      assertTrue(failedAfter.compareTo(commandTimeout.dividedBy(4)) < 0,
          "a command to a stopped Redis took " + failedAfter + " to fail");

      redis.restart();
      byte[] value = pollUntilServed(connector, bytes("before"), Duration.ofSeconds(15));
      assertArrayEquals(bytes("kept"), value);
    }
  }

  @Test
  void reconnectAttemptsWhileRedisIsDownPauseAtMostTheConfiguredMaxDelay() {
    Duration maxDelay = Duration.ofMillis(50);
    try (RedisServerProcess redis = TestRedis.start(Map.of());
        RedisConnector<byte[], byte[]> connector = RedisConnector.connect(TestSettings.forUri(redis.uri(),
            Map.of("reconnect-max-delay", maxDelay.toMillis() + "ms")))) {
      List<Duration> delays = new CopyOnWriteArrayList<>();
      Disposable subscription = connector.eventBus().get()
          .filter(ReconnectAttemptEvent.class::isInstance)
          .subscribe(event -> delays.add(((ReconnectAttemptEvent) event).getDelay()));
      try {
        redis.kill();
        // Lettuce's own default would need some 16 s of back-off to make 15 attempts
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (delays.size() < 15 && System.nanoTime() < deadline) {
          sleep(20);
        }
      } finally {
        subscription.dispose();
      }

      assertTrue(delays.size() >= 15, "reconnect attempts seen: " + delays);
      assertTrue(delays.stream().allMatch(delay -> delay.compareTo(maxDelay) <= 0),
          "pauses between reconnect attempts: " + delays);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static byte[] pollUntilServed(RedisConnector<byte[], byte[]> connector, byte[] key, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        return await(connector.commands().get(key));
      } catch (CompletionException e) {
        last = e;
        sleep(100);
      }
    }
    throw new AssertionError("Redis was not served again within " + patience, last);
  }

  private static String readDirectly(RedisServerProcess redis, int database, String key) {
    RedisURI uri = RedisURI.create(redis.uri());
    uri.setPassword(PASSWORD.toCharArray());
    uri.setDatabase(database);
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().get(key);
    } finally {
      client.shutdown();
    }
  }

  static <T> T await(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  static String fullText(Throwable error) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      text.append(t).append(" | ");
    }
    return text.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
