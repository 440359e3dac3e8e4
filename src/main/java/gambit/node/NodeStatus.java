package gambit.node;

import akka.actor.AbstractExtensionId;
import akka.actor.ActorSystem;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.ExtensionIdProvider;
import akka.http.javadsl.ServerBinding;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the readiness checks need to know about this node: whether the API is bound and whether
 * shutdown has begun. Written by {@link gambit.Main}, read by {@link HttpBoundCheck}. Thread-safe.
 */
public final class NodeStatus implements Extension {

  /** The extension id. */
  public static final Id ID = new Id();

  private final AtomicReference<ServerBinding> binding = new AtomicReference<>();
  private volatile boolean shuttingDown;

  public static NodeStatus get(ActorSystem system) {
    return ID.get(system);
  }

  public void bound(ServerBinding serverBinding) {
    binding.set(serverBinding);
  }

  public Optional<ServerBinding> binding() {
    return Optional.ofNullable(binding.get());
  }

  /** From now on the node reports itself not ready, so load balancers stop sending to it. */
  public void shuttingDown() {
    shuttingDown = true;
  }

  public boolean isShuttingDown() {
    return shuttingDown;
  }

  /** The {@link akka.actor.ExtensionId} of {@link NodeStatus}. */
  public static final class Id extends AbstractExtensionId<NodeStatus>
      implements ExtensionIdProvider {

    @Override
    public NodeStatus createExtension(ExtendedActorSystem system) {
      return new NodeStatus();
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
