package gambit.node;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script for {@link RedisStore}: run with {@code EVALSHA}, and with {@code EVAL} when Redis
 * answers {@code NOSCRIPT} (Redis 7 forgets loaded scripts on restart, a new cluster node never
 * had them; {@code EVAL} caches it again). Immutable and thread-safe.
 */
public final class RedisScript {

  private final String name;
  private final String source;
  private final String sha1;

  private RedisScript(String name, String source) {
    this.name = name;
    this.source = source;
    this.sha1 = sha1Hex(source);
  }

  /**
   * Loads a script from the classpath.
   *
   * @param resource an absolute resource path, e.g. {@code /gambit/trading/record-tick.lua}
   * @throws IllegalStateException if it is missing (a packaging error)
   */
  public static RedisScript fromResource(String resource) {
    try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Lua script resource " + resource + " is missing");
      }
      return new RedisScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read Lua script " + resource, e);
    }
  }

  /** Where the script came from. */
  public String name() {
    return name;
  }

  /**
   * Runs the script. On Redis Cluster every key must share one hash slot.
   *
   * @return the reply; fails as {@link RedisStore#run} does
   */
  public <T> CompletionStage<T> run(RedisStore store, ScriptOutputType type, String[] keys,
      String... args) {
    CompletionStage<T> first = store.run(redis -> redis.<T>evalsha(sha1, type, keys, args));
    return first.handle((value, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(value);
      }
      if (unwrap(error) instanceof RedisNoScriptException) {
        return store.<T>run(redis -> redis.<T>eval(source, type, keys, args));
      }
      return CompletableFuture.<T>failedFuture(unwrap(error));
    }).thenCompose(stage -> stage);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  private static String sha1Hex(String source) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
