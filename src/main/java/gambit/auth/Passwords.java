package gambit.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashing with the JDK's {@code PBKDF2WithHmacSHA256}: a random 16-byte salt per
 * password, a 32-byte derived key, and the configured iteration count (600,000 by default, the
 * OWASP recommendation for PBKDF2-HMAC-SHA256 in 2023). Passwords are normalized to Unicode NFC
 * first, so the same password typed on different systems hashes the same.
 *
 * <p>Stored form: {@code pbkdf2-sha256$<iterations>$<salt>$<key>} (salt and key in unpadded
 * base64). The iteration count travels with each hash, so raising the setting affects new
 * hashes only and old ones still verify.
 *
 * <p>Hashing is slow on purpose (hundreds of milliseconds at the default), so it runs on the
 * given executor (a small dedicated pool), never on the caller's thread. Thread-safe.
 */
public final class Passwords {

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final String SCHEME = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int KEY_BITS = 256;
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private final int iterations;
  private final Executor executor;
  private final SecureRandom random = new SecureRandom();
  private final String dummyHash;

  /**
   * @param iterations PBKDF2 iterations for new hashes (at least 1)
   * @param executor where hashing runs; should be bounded, so a flood of logins queues
   *     instead of starving other work
   */
  public Passwords(int iterations, Executor executor) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations = " + iterations + ": expected at least 1");
    }
    this.iterations = iterations;
    this.executor = executor;
    byte[] unguessable = new byte[32];
    random.nextBytes(unguessable);
    this.dummyHash = hashNow(ENCODER.encodeToString(unguessable));
  }

  /** Hashes a password with a fresh salt; completes on the hashing executor. */
  public CompletionStage<String> hash(String password) {
    return CompletableFuture.supplyAsync(() -> hashNow(password), executor);
  }

  /**
   * Checks a password against a stored hash. With no stored hash (an unknown user) it checks
   * against a dummy hash of the same cost and answers false, so both cases take the same time.
   *
   * @throws IllegalStateException (in the stage) when the stored hash is not in our format
   */
  public CompletionStage<Boolean> verify(String password, String storedHashOrNull) {
    boolean known = storedHashOrNull != null;
    String stored = known ? storedHashOrNull : dummyHash;
    return CompletableFuture.supplyAsync(() -> matches(password, stored) && known, executor);
  }

  private String hashNow(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] key = derive(password, salt, iterations);
    return SCHEME + "$" + iterations + "$" + ENCODER.encodeToString(salt) + "$"
        + ENCODER.encodeToString(key);
  }

  private static boolean matches(String password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !SCHEME.equals(parts[0])) {
      throw new IllegalStateException("a stored password hash is not in the "
          + SCHEME + " format");
    }
    byte[] salt = DECODER.decode(parts[2]);
    byte[] expected = DECODER.decode(parts[3]);
    byte[] actual = derive(password, salt, Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int iterations) {
    char[] chars = Normalizer.normalize(password, Normalizer.Form.NFC).toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
    } finally {
      spec.clearPassword();
      java.util.Arrays.fill(chars, '\0');
    }
  }
}
