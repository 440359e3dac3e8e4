package gambit.node;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.ExtensionIdProvider;
import gambit.persistence.redis.RedisConnector;
import gambit.persistence.redis.RedisPluginSettings;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gambit's own Redis connection for the stateless areas (accounts, refresh sessions, throttling,
 * later caches and idempotency keys): one multiplexed Lettuce connection with string keys and
 * values, to the same Redis as the persistence plugin ({@code akka-persistence-redis.uri} and its
 * timeouts), standalone, Sentinel or Cluster. It is a separate connection so that the plugin
 * stays self-contained and its byte-array codec stays its own.
 *
 * <p>The connection opens on first use, asynchronously; while Redis is unreachable every call
 * fails at once with {@link StoreUnavailableException} and the next call tries to connect again.
 * Once connected, Lettuce reconnects in the background and rejects commands meanwhile
 * ({@code REJECT_COMMANDS}), so a request never waits longer than {@code command-timeout}.
 * Closed when the ActorSystem terminates. Thread-safe.
 *
 * <p>Usage: {@code RedisStore.get(system).run(redis -> redis.get(key))}.
 */
public final class RedisStore implements Extension {

  private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
  private static final long WARN_INTERVAL_NANOS = 30_000_000_000L;
  /** Error replies that mean "not serving right now", not "your command is wrong". */
  private static final List<String> TRANSIENT_REPLIES =
      List.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN", "TRYAGAIN", "READONLY");

  /** The extension id. */
  public static final Id ID = new Id();

  private final RedisPluginSettings settings;
  private final String description;
  private final Executor blocking;
  private CompletableFuture<RedisConnector<String, String>> connecting;
  private long lastWarning = System.nanoTime() - WARN_INTERVAL_NANOS;
  private boolean closed;

  private RedisStore(ExtendedActorSystem system) {
    this.settings = RedisPluginSettings.fromRootConfig(system.settings().config());
    this.description = RedisConnector.redact(settings.uri());
    this.blocking = system.dispatchers().lookup("akka.actor.default-blocking-io-dispatcher");
    system.registerOnTermination(this::close);
  }

  public static RedisStore get(akka.actor.typed.ActorSystem<?> system) {
    return ID.get(akka.actor.typed.javadsl.Adapter.toClassic(system));
  }

  /**
   * Runs one command (or a few chained ones) on the shared connection.
   *
   * @param command builds the command from the async command interface; called on a Lettuce or
   *     caller thread, it must not block
   * @return the reply; fails with {@link StoreUnavailableException} when Redis cannot be reached,
   *     times out or is not serving, and with Lettuce's own exception for error replies that
   *     point at a bug
   */
  public <T> CompletionStage<T> run(
      Function<RedisClusterAsyncCommands<String, String>, RedisFuture<T>> command) {
    return commands()
        .thenCompose(redis -> command.apply(redis))
        .handle((reply, error) -> {
          if (error != null) {
            throw classify(unwrap(error));
          }
          return reply;
        });
  }

  /** The Redis URI with its password hidden, for logs. */
  public String description() {
    return description;
  }

  private synchronized CompletionStage<RedisClusterAsyncCommands<String, String>> commands() {
    if (closed) {
      return CompletableFuture.failedFuture(new RedisException("the Redis store is closed"));
    }
    if (connecting == null || connecting.isCompletedExceptionally()) {
      connecting = CompletableFuture.supplyAsync(this::connect, blocking);
    }
    return connecting.thenApply(RedisConnector::commands);
  }

  // ---------------------------------------------------------------- connecting

  /** Same URI forms, TLS, timeouts and reconnect behaviour as the plugin's own connection. */
  private RedisConnector<String, String> connect() {
    RedisConnector<String, String> connector = RedisConnector.connect(settings, StringCodec.UTF8);
    synchronized (this) {
      if (closed) {
        connector.close();
        throw new RedisException("the Redis store is closed");
      }
      log.info("Gambit's own keys use a second connection to Redis at {}", description);
      return connector;
    }
  }

  // ---------------------------------------------------------------- failures

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private RuntimeException classify(Throwable error) {
    if (error instanceof StoreUnavailableException unavailable) {
      return unavailable;
    }
    boolean transientReply = error instanceof RedisCommandExecutionException reply
        && TRANSIENT_REPLIES.stream().anyMatch(code -> String.valueOf(reply.getMessage())
            .startsWith(code));
    boolean unavailable = transientReply || error instanceof IOException
        || error instanceof TimeoutException
        || (error instanceof RedisException && !(error instanceof RedisCommandExecutionException));
    if (!unavailable) {
      return error instanceof RuntimeException runtime ? runtime : new CompletionException(error);
    }
    warnThrottled(error);
    return new StoreUnavailableException("Redis at " + description + " is unavailable: "
        + error.getMessage(), error);
  }

  /** Redis being down is for operators to act on, but every request meets it: once per 30 s. */
  private synchronized void warnThrottled(Throwable error) {
    long now = System.nanoTime();
    if (now - lastWarning >= WARN_INTERVAL_NANOS) {
      lastWarning = now;
      log.warn("Redis at {} is unavailable ({}); requests that need it answer 503", description,
          error.getMessage());
    } else {
      log.debug("Redis at {} is unavailable: {}", description, error.toString());
    }
  }

  /**
   * Closes the connection outside the monitor: closing waits for Lettuce's event loop, whose
   * threads fail the commands still in flight and so may need the monitor
   * ({@link #warnThrottled}); holding it here would deadlock the actor system's termination.
   */
  private void close() {
    CompletableFuture<RedisConnector<String, String>> open;
    synchronized (this) {
      closed = true;
      open = connecting;
    }
    if (open != null && open.isDone() && !open.isCompletedExceptionally()) {
      open.join().close();
    }
  }

  /** The {@link akka.actor.ExtensionId} of {@link RedisStore}. */
  public static final class Id extends AbstractExtensionId<RedisStore>
      implements ExtensionIdProvider {

    @Override
    public RedisStore createExtension(ExtendedActorSystem system) {
      return new RedisStore(system);
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
