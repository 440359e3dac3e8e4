package gambit.persistence.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
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
 * A Lua script run with {@code EVALSHA}, falling back to {@code EVAL} when the server answers
 * {@code NOSCRIPT} (a restarted Redis 7 forgets loaded scripts; a new cluster node never had
 * them). {@code EVAL} also caches the script, so the next {@code EVALSHA} hits. Immutable and
 * thread-safe.
 */
public final class LuaScript {

  private final String name;
  private final byte[] source;
  private final String sha1;

  private LuaScript(String name, byte[] source) {
    this.name = name;
    this.source = source;
    this.sha1 = sha1Hex(source);
  }

  /** Loads {@code /gambit/persistence/redis/<name>.lua} from the classpath. */
  public static LuaScript fromResource(String name) {
    String path = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Lua script resource " + path + " is missing");
      }
      return new LuaScript(name, in.readAllBytes());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read Lua script " + path, e);
    }
  }

  /** A script from a string, for tests and small inline scripts. */
  public static LuaScript of(String name, String source) {
    return new LuaScript(name, source.getBytes(StandardCharsets.UTF_8));
  }

  public String name() {
    return name;
  }

  /**
   * Runs the script. On Redis Cluster the first key decides the node, so every key must share
   * one hash slot.
   */
  public <T> CompletionStage<T> run(RedisScriptingAsyncCommands<byte[], byte[]> redis,
      ScriptOutputType type, byte[][] keys, byte[]... args) {
    RedisFuture<T> first = redis.evalsha(sha1, type, keys, args);
    // one derived stage: on success it only passes the value on
    return first.exceptionallyCompose(error -> {
      if (unwrap(error) instanceof RedisNoScriptException) {
        return redis.<T>eval(source, type, keys, args);
      }
      return CompletableFuture.failedFuture(unwrap(error));
    });
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  private static String sha1Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "LuaScript[" + name + ", sha1=" + sha1 + "]";
  }
}
