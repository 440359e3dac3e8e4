package gambit.node;

import akka.actor.ActorSystem;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Readiness check (akka-management): true once the API is bound and until shutdown begins.
 * Registered in application.conf under {@code akka.management.health-checks.readiness-checks}.
 */
public final class HttpBoundCheck implements Supplier<CompletionStage<Boolean>> {

  private final NodeStatus status;

  public HttpBoundCheck(ActorSystem system) {
    this.status = NodeStatus.get(system);
  }

  @Override
  public CompletionStage<Boolean> get() {
    return CompletableFuture.completedFuture(
        status.binding().isPresent() && !status.isShuttingDown());
  }
}
