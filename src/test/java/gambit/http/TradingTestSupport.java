package gambit.http;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.internal.pubsub.TopicImpl;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import gambit.testing.TradingServer;
import gambit.trading.Dashboard;
import gambit.trading.TradingTestKit;

/** Looks into a node's sharding and pub/sub for the multi-node trading tests. */
final class TradingTestSupport {

  private TradingTestSupport() {}

  /** Whether the user's dashboard runs on this node. */
  static boolean hosts(TradingServer node, String userId) {
    ShardRegion.CurrentShardRegionState state = TradingTestKit.join(
        AskPattern.<ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(node.system()).shardState(),
            replyTo -> new GetShardRegionState(Dashboard.ENTITY_TYPE_KEY, replyTo),
            TradingTestKit.TIMEOUT, node.system().scheduler()));
    return state.getShards().stream().anyMatch(shard -> shard.getEntityIds().contains(userId));
  }

  /**
   * Topic instances with subscribers for a topic name, as this node's receptionist sees them
   * (the key that Akka's topic actors register under, an internal detail tests may rely on).
   */
  @SuppressWarnings("unchecked")
  static int registered(ActorSystem<?> system, String topicName) {
    ServiceKey<TopicImpl.Command<Object>> key = ServiceKey.create(
        (Class<TopicImpl.Command<Object>>) (Class<?>) TopicImpl.Command.class, topicName);
    return TradingTestKit.join(AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
            system.receptionist(), replyTo -> Receptionist.find(key, replyTo),
            TradingTestKit.TIMEOUT, system.scheduler()))
        .getServiceInstances(key).size();
  }
}
