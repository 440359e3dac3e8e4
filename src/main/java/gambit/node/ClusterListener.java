package gambit.node;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs cluster membership and reachability changes at INFO, for operators; and at WARN when
 * another node joins a node whose access-token key was generated locally, because the two
 * cannot verify each other's tokens until both get the same {@code JWT_SECRET}.
 */
public final class ClusterListener {

  private static final Logger log = LoggerFactory.getLogger(ClusterListener.class);

  private ClusterListener() {}

  /**
   * @param localSigningKey true when this node generated its own access-token key
   */
  public static Behavior<ClusterEvent.ClusterDomainEvent> create(boolean localSigningKey) {
    return Behaviors.setup(context -> {
      Cluster cluster = Cluster.get(context.getSystem());
      cluster.subscriptions().tell(Subscribe.create(
          context.getSelf().<ClusterEvent.MemberEvent>narrow(), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(Subscribe.create(
          context.getSelf().<ClusterEvent.ReachabilityEvent>narrow(),
          ClusterEvent.ReachabilityEvent.class));
      return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
          .onMessage(ClusterEvent.ClusterDomainEvent.class, event -> {
            describe(event);
            if (localSigningKey && event instanceof ClusterEvent.MemberUp up
                && !up.member().address().equals(cluster.selfMember().address())) {
              log.warn("Node {} joined, but this node signs access tokens with a key it"
                  + " generated: tokens from one node are refused by the other. Set the same"
                  + " JWT_SECRET on every node and restart them", up.member().address());
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  private static void describe(ClusterEvent.ClusterDomainEvent event) {
    if (event instanceof ClusterEvent.MemberUp up) {
      log.info("Cluster member up: {} (roles {})", up.member().address(), up.member().getRoles());
    } else if (event instanceof ClusterEvent.MemberRemoved removed) {
      log.info("Cluster member removed: {} (was {})", removed.member().address(),
          removed.previousStatus());
    } else if (event instanceof ClusterEvent.UnreachableMember unreachable) {
      log.warn("Cluster member unreachable: {}", unreachable.member().address());
    } else if (event instanceof ClusterEvent.ReachableMember reachable) {
      log.info("Cluster member reachable again: {}", reachable.member().address());
    } else if (event instanceof ClusterEvent.MemberEvent member) {
      log.info("Cluster member {} is now {}", member.member().address(), member.member().status());
    }
  }
}
