package gambit.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef-shared";

  private static AuthSettings settings(String overrides) {
    return AuthSettings.from(ConfigFactory.parseString(overrides)
        .withFallback(ConfigFactory.parseResources("auth.conf")).resolve());
  }

  @Test
  void takesJwtSecretAsUtf8Bytes() {
    SigningKey key = SigningKey.resolve(settings("gambit.auth.jwt.secret = \"" + SECRET + "\""),
        true);
    assertEquals(SigningKey.Source.SECRET, key.source());
    assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8), key.bytes());
  }

  @Test
  void readsAKeyFileWithoutItsTrailingNewline(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("jwt.key");
    Files.writeString(file, SECRET + "\n");
    SigningKey key = SigningKey.resolve(settings("gambit.auth.jwt.secret-file = \""
        + file.toString().replace("\\", "/") + "\""), true);
    assertEquals(SigningKey.Source.FILE, key.source());
    assertArrayEquals(SECRET.getBytes(StandardCharsets.UTF_8), key.bytes());
  }

  @Test
  void refusesAShortSecretNamingTheSetting() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> SigningKey.resolve(settings("gambit.auth.jwt.secret = \"too-short\""), false));
    assertTrue(error.getMessage().contains("JWT_SECRET"), error.getMessage());
    assertTrue(error.getMessage().contains("at least 32"), error.getMessage());
  }

  @Test
  void refusesAMissingKeyFileNamingIt() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> SigningKey.resolve(settings("gambit.auth.jwt.secret-file = \"/no/such/key\""),
            false));
    assertTrue(error.getMessage().contains("/no/such/key"), error.getMessage());
  }

  @Test
  void refusesBothASecretAndAFile() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> SigningKey.resolve(settings("gambit.auth.jwt { secret = \"" + SECRET
            + "\", secret-file = \"/x\" }"), false));
    assertTrue(error.getMessage().contains("set exactly one"), error.getMessage());
  }

  @Test
  void aMultiNodeSetUpWithoutASharedKeyRefusesToStart() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> SigningKey.resolve(settings(""), true));
    assertTrue(error.getMessage().contains("SEED_NODES or CLUSTER_BOOTSTRAP is set but no JWT"),
        error.getMessage());
  }

  @Test
  void aLoneNodeWithoutAKeyGeneratesADifferentOneEachStart() {
    SigningKey first = SigningKey.resolve(settings(""), false);
    SigningKey second = SigningKey.resolve(settings(""), false);
    assertEquals(SigningKey.Source.GENERATED, first.source());
    assertEquals(SigningKey.MIN_BYTES, first.bytes().length);
    assertFalse(java.util.Arrays.equals(first.bytes(), second.bytes()));
  }

  @Test
  void neverPrintsTheKey() {
    SigningKey key = SigningKey.resolve(settings("gambit.auth.jwt.secret = \"" + SECRET + "\""),
        false);
    assertFalse(key.toString().contains("0123"), key.toString());
  }
}
