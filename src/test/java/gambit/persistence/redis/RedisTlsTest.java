package gambit.persistence.redis;

import static gambit.persistence.redis.RedisConnectorTest.await;
import static gambit.persistence.redis.RedisConnectorTest.fullText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.node.RedisServerProcess;
import gambit.testing.FreePorts;
import gambit.testing.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code rediss://} against a real redis-server with TLS on (both the embedded Redis 6.2 binary
 * and Debian's 7.0 are built with TLS). The certificates in {@code src/test/resources/tls} come
 * from a throw-away test CA whose key was deleted after signing; see the README there.
 *
 * <p>Each server also keeps its plain port, which {@link RedisServerProcess} uses to see that it
 * is up and the tests use to read what arrived over TLS.
 */
class RedisTlsTest {

  private static final Path TLS = tlsFolder();

  @Test
  void connectsOverTlsTrustingTheConfiguredCa() {
    int tlsPort = FreePorts.next();
    try (RedisServerProcess redis = startWithTls(tlsPort, false);
        RedisConnector<byte[], byte[]> connector = RedisConnector.connect(TestSettings.forUri(
            "rediss://127.0.0.1:" + tlsPort, Map.of("tls.ca-cert-file", file("ca.pem"))))) {
      await(connector.commands().set(bytes("over-tls"), bytes("arrived")));

      assertEquals("arrived", readOverPlainPort(redis, "over-tls"));
    }
  }

  @Test
  void serverCertificateOfAnUntrustedCaIsRefused() {
    int tlsPort = FreePorts.next();
    try (RedisServerProcess redis = startWithTls(tlsPort, false)) {
      RedisConnectionException error = assertThrows(RedisConnectionException.class,
          () -> RedisConnector.connect(TestSettings.forUri("rediss://127.0.0.1:" + tlsPort)));

      assertTrue(error.getMessage().contains("certification path"), fullText(error));
    }
  }

  @Test
  void redisRequiringClientCertificatesAcceptsTheConfiguredOne() {
    int tlsPort = FreePorts.next();
    Map<String, Object> tls = new HashMap<>(Map.of("tls.ca-cert-file", file("ca.pem"),
        "tls.client-cert-file", file("client.pem"), "tls.client-key-file", file("client.key")));
    try (RedisServerProcess redis = startWithTls(tlsPort, true);
        RedisConnector<byte[], byte[]> connector = RedisConnector.connect(
            TestSettings.forUri("rediss://127.0.0.1:" + tlsPort, tls))) {
      await(connector.commands().set(bytes("mutual-tls"), bytes("arrived")));

      assertEquals("arrived", readOverPlainPort(redis, "mutual-tls"));
    }
  }

  @Test
  void redisRequiringClientCertificatesRefusesAClientWithoutOne() {
    int tlsPort = FreePorts.next();
    try (RedisServerProcess redis = startWithTls(tlsPort, true)) {
      assertThrows(RedisConnectionException.class, () -> RedisConnector.connect(
          TestSettings.forUri("rediss://127.0.0.1:" + tlsPort,
              Map.of("tls.ca-cert-file", file("ca.pem")))));
    }
  }

  // ---------------------------------------------------------------- helpers

  private static RedisServerProcess startWithTls(int tlsPort, boolean requireClientCertificate) {
    return TestRedis.start(Map.of(
        "tls-port", Integer.toString(tlsPort),
        "tls-cert-file", file("server.pem"),
        "tls-key-file", file("server.key"),
        "tls-ca-cert-file", file("ca.pem"),
        "tls-auth-clients", requireClientCertificate ? "yes" : "no"));
  }

  private static String readOverPlainPort(RedisServerProcess redis, String key) {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().get(key);
    } finally {
      client.shutdown();
    }
  }

  private static String file(String name) {
    return TLS.resolve(name).toString();
  }

  private static Path tlsFolder() {
    try {
      return Path.of(RedisTlsTest.class.getResource("/tls/ca.pem").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
