package gambit.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
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
 * given executor (a small dedicated pool), never on the caller's thread. Admission is bounded:
 * at most {@code maxInFlight} hashes run or wait at once, and one that waited longer than
 * {@code maxWait} for a thread is dropped unstarted. Either way the stage fails at once with
 * {@link HashingBusyException}, so a flood is refused quickly instead of making every request
 * (legitimate logins included) wait until it times out. Thread-safe.
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
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final Duration maxWait;

  /** Unbounded admission, for tests of the hashing itself. */
  public Passwords(int iterations, Executor executor) {
    this(iterations, executor, Integer.MAX_VALUE, Duration.ofDays(1));
  }

  /**
   * @param iterations PBKDF2 iterations for new hashes (at least 1)
   * @param executor where hashing runs; a small fixed pool, so hashing cannot take every core
   * @param maxInFlight hashes running or queued at once (at least 1); more are refused
   * @param maxWait how long a queued hash may wait for a thread before it is refused
   */
  public Passwords(int iterations, Executor executor, int maxInFlight, Duration maxWait) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations = " + iterations + ": expected at least 1");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight = " + maxInFlight + ": expected >= 1");
    }
    this.iterations = iterations;
    this.executor = executor;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.maxWait = maxWait;
    byte[] unguessable = new byte[32];
    random.nextBytes(unguessable);
    this.dummyHash = hashNow(ENCODER.encodeToString(unguessable));
  }

  /**
   * Hashes a password with a fresh salt; completes on the hashing executor, or fails with
   * {@link HashingBusyException} when hashing is at capacity.
   */
  public CompletionStage<String> hash(String password) {
    return admitted(() -> hashNow(password));
  }

  /**
   * Checks a password against a stored hash. With no stored hash (an unknown user) it checks
   * against a dummy hash of the same cost and answers false, so both cases take the same time.
   *
   * <p>The stage fails with {@link HashingBusyException} when hashing is at capacity, and with
   * {@link IllegalStateException} when the stored hash is not in our format.
   */
  public CompletionStage<Boolean> verify(String password, String storedHashOrNull) {
    boolean known = storedHashOrNull != null;
    String stored = known ? storedHashOrNull : dummyHash;
    return admitted(() -> matches(password, stored) && known);
  }

  private <T> CompletionStage<T> admitted(Supplier<T> work) {
    if (!inFlight.tryAcquire()) {
      return CompletableFuture.failedFuture(busy(maxInFlight + " password hashes in flight"));
    }
    long queued = System.nanoTime();
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          if (System.nanoTime() - queued > maxWait.toNanos()) {
            result.completeExceptionally(busy("a password hash waited over " + maxWait));
          } else {
            result.complete(work.get());
          }
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        } finally {
          inFlight.release();
        }
      });
    } catch (RuntimeException rejected) {
      inFlight.release();
      result.completeExceptionally(rejected);
    }
    return result;
  }

  private HashingBusyException busy(String why) {
    return new HashingBusyException(why, Duration.ofSeconds(Math.max(1, maxWait.toSeconds())));
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
