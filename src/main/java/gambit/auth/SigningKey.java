package gambit.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;

/**
 * The HMAC-SHA256 key that signs and verifies access tokens. Every node of a cluster must hold
 * the same key, so that any node verifies any token without asking another.
 *
 * <p>{@link #resolve} takes it from {@code JWT_SECRET} (the text's UTF-8 bytes) or from the file
 * {@code JWT_SECRET_FILE} (its content, surrounding whitespace removed); either must hold at
 * least 32 bytes, the HS256 minimum. With neither, a lone node generates a random key for this
 * run; a node that is to join others refuses to start, since its tokens would fail everywhere
 * else.
 */
public final class SigningKey {

  /** 256 bits: the least that HS256 accepts. */
  public static final int MIN_BYTES = 32;

  /** Where the key came from. */
  public enum Source { SECRET, FILE, GENERATED }

  private final byte[] secret;
  private final Source source;

  private SigningKey(byte[] secret, Source source) {
    this.secret = secret.clone();
    this.source = source;
  }

  /** A key from the given bytes (at least {@link #MIN_BYTES}), e.g. for tests and tools. */
  public static SigningKey of(byte[] secret) {
    requireLength(secret.length, "the key");
    return new SigningKey(secret, Source.SECRET);
  }

  /**
   * The configured key, or a generated one for a lone node.
   *
   * @param multiNode true when the node is to join others ({@code SEED_NODES} or
   *     {@code CLUSTER_BOOTSTRAP} is set)
   * @throws IllegalArgumentException when both or a bad secret are configured, naming the setting
   * @throws IllegalStateException when {@code multiNode} and no key is configured
   */
  public static SigningKey resolve(AuthSettings settings, boolean multiNode) {
    if (settings.jwtSecret().isPresent() && settings.jwtSecretFile().isPresent()) {
      throw new IllegalArgumentException("both JWT_SECRET (gambit.auth.jwt.secret) and"
          + " JWT_SECRET_FILE (gambit.auth.jwt.secret-file) are set: set exactly one");
    }
    if (settings.jwtSecret().isPresent()) {
      byte[] bytes = settings.jwtSecret().get().getBytes(StandardCharsets.UTF_8);
      requireLength(bytes.length, "JWT_SECRET (gambit.auth.jwt.secret)");
      return new SigningKey(bytes, Source.SECRET);
    }
    if (settings.jwtSecretFile().isPresent()) {
      return fromFile(settings);
    }
    if (multiNode) {
      throw new IllegalStateException("SEED_NODES or CLUSTER_BOOTSTRAP is set but no JWT"
          + " signing key is configured: every node must verify the tokens of every other, so"
          + " set the same JWT_SECRET (or JWT_SECRET_FILE) on all nodes, e.g."
          + " JWT_SECRET=$(openssl rand -base64 48)");
    }
    byte[] generated = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(generated);
    return new SigningKey(generated, Source.GENERATED);
  }

  private static SigningKey fromFile(AuthSettings settings) {
    String file = settings.jwtSecretFile().get().toString();
    byte[] bytes;
    try {
      bytes = Files.readString(settings.jwtSecretFile().get(), StandardCharsets.UTF_8).strip()
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("JWT_SECRET_FILE (gambit.auth.jwt.secret-file) = "
          + file + ": cannot read it (" + e.getMessage() + ")", e);
    }
    requireLength(bytes.length, "the key in JWT_SECRET_FILE " + file);
    return new SigningKey(bytes, Source.FILE);
  }

  private static void requireLength(int length, String what) {
    if (length < MIN_BYTES) {
      throw new IllegalArgumentException(what + " is " + length + " bytes long: HS256 needs at"
          + " least " + MIN_BYTES + " (256 bits), e.g. $(openssl rand -base64 48)");
    }
  }

  /** A copy of the key's bytes. */
  public byte[] bytes() {
    return secret.clone();
  }

  public Source source() {
    return source;
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "SigningKey[" + source + ", " + secret.length + " bytes]";
  }
}
