package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the plugin's settings: every bad value stops start-up with a message naming it. */
class RedisPluginSettingsTest {

  @ParameterizedTest
  @ValueSource(strings = {"localhost:6379", "http://127.0.0.1:6379", "redis//127.0.0.1",
      "redis://", "redis://127.0.0.1:notaport", "redis://127.0.0.1:6379/zero",
      "redis://127.0.0.1:70000", "redis-sentinel://127.0.0.1:26379", "redis-cluster://",
      "redis-cluster://127.0.0.1:7000,127.0.0.1:x", "redis-cluster://127.0.0.1:7000/2"})
  void malformedUriFailsAtStartupNamingTheKeyAndTheUri(String uri) {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> TestSettings.forUri(uri));

    assertTrue(error.getMessage().startsWith("akka-persistence-redis.uri: invalid Redis URI "
        + uri + ": "), error.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"redis://:pa ss@127.0.0.1", "redis://:secret-pw@127.0.0.1:port",
      "redis://admin:secret-pw@127.0.0.1:6379/x", "redis-cluster://:secret-pw@h:1,h:2:3",
      "redis-sentinel://:secret-pw@h:1,h:2"})
  void malformedUriNeverQuotesItsPassword(String uri) {
    String password =
        uri.substring(uri.indexOf(':', uri.indexOf("://") + 3) + 1, uri.lastIndexOf('@'));

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> TestSettings.forUri(uri));

    assertTrue(error.getMessage().contains("***@"), error.getMessage());
    assertFalse(RedisConnectorTest.fullText(error).contains(password),
        RedisConnectorTest.fullText(error));
  }

  @Test
  void hostNameWithUnderscoreKeepsItsPortAndDatabase() {
    RedisURI parsed = RedisConnector.parseUri("redis://:pw@redis_1:6380/2").get(0);

    assertEquals("redis_1", parsed.getHost());
    assertEquals(6380, parsed.getPort());
    assertEquals(2, parsed.getDatabase());
  }

  @Test
  void clusterCredentialsAndOptionsApplyToEverySeedNode() {
    List<RedisURI> seeds =
        RedisConnector.parseUri("rediss-cluster://:pw@node_a:7001,10.0.0.2:7002?verifyPeer=CA");

    assertEquals(List.of("node_a:7001", "10.0.0.2:7002"),
        seeds.stream().map(seed -> seed.getHost() + ":" + seed.getPort()).toList());
    for (RedisURI seed : seeds) {
      assertEquals("pw", new String(seed.getPassword()));
      assertTrue(seed.isSsl());
      assertEquals(SslVerifyMode.CA, seed.getVerifyMode());
    }
  }

  @Test
  void uriPastedWithSurroundingWhitespaceIsTrimmed() {
    assertEquals("redis://127.0.0.1:6379",
        TestSettings.forUri("  redis://127.0.0.1:6379\n").uri());
  }

  @Test
  void keyPrefixWithABraceIsRefusedBecauseItWouldBreakTheHashTag() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> TestSettings.forUri("redis://127.0.0.1", Map.of("key-prefix", "app{1}")));

    assertTrue(error.getMessage().contains("akka-persistence-redis.key-prefix"),
        error.getMessage());
  }

  @Test
  void nonPositiveTimeoutIsRefusedNamingTheKey() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> TestSettings.forUri("redis://127.0.0.1", Map.of("command-timeout", "0s")));

    assertTrue(error.getMessage().startsWith("akka-persistence-redis.command-timeout = PT0S"),
        error.getMessage());
  }

  @Test
  void missingTlsFileIsRefusedNamingTheKeyAndTheFile() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> TestSettings.forUri("rediss://127.0.0.1",
            Map.of("tls.ca-cert-file", "/no/such/ca.pem")));

    assertEquals("akka-persistence-redis.tls.ca-cert-file = \"/no/such/ca.pem\": not a readable"
        + " file", error.getMessage());
  }

  @Test
  void clientCertificateWithoutItsKeyIsRefused() throws Exception {
    String cert = Path.of(getClass().getResource("/tls/client.pem").toURI()).toString();

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> TestSettings.forUri("rediss://127.0.0.1", Map.of("tls.client-cert-file", cert)));

    assertTrue(error.getMessage().contains("give both"), error.getMessage());
  }
}
