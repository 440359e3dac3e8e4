package gambit.node;

import akka.actor.ActorSystem;
import gambit.persistence.redis.RedisPersistence;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness check (akka-management): true when Redis answers PING on the plugin's connection.
 * Opening the connection may block (Redis down at start), so it runs on Akka's blocking-IO
 * dispatcher; akka-management times the check out after {@code check-timeout}.
 */
public final class RedisReadinessCheck implements Supplier<CompletionStage<Boolean>> {

  private static final Logger log = LoggerFactory.getLogger(RedisReadinessCheck.class);

  private final RedisPersistence redis;
  private final Executor blocking;
  private final long timeoutMillis;

  public RedisReadinessCheck(ActorSystem system) {
    this.redis = RedisPersistence.get(system);
    this.blocking = system.dispatchers().lookup("akka.actor.default-blocking-io-dispatcher");
    this.timeoutMillis = system.settings().config()
        .getDuration("gambit.redis.ping-timeout", TimeUnit.MILLISECONDS);
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.supplyAsync(redis::connector, blocking)
        .thenCompose(connector -> connector.commands().ping())
        .toCompletableFuture()
        .orTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .handle((pong, error) -> {
          if (error != null) {
            log.debug("Redis readiness: {}", error.toString());
            return false;
          }
          return "PONG".equals(pong);
        });
  }
}
