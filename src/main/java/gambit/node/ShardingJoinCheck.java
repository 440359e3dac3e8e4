package gambit.node;

import akka.cluster.ConfigValidation;
import akka.cluster.JoinConfigCompatChecker;
import com.typesafe.config.Config;
import java.util.List;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses a joining node whose sharding layout differs from the cluster's: the number of shards
 * decides which shard an entity id belongs to and the remember-entities store decides where
 * remembered shards are found, so two nodes that disagree on either could each start their own
 * copy of one entity. Akka's own sharding check compares only the coordinator's state store.
 *
 * <p>Registered in {@code cluster.conf} under
 * {@code akka.cluster.configuration-compatibility-check.checkers}; Akka instantiates it through
 * its no-argument constructor and calls it on the members that receive a join request. The
 * refused node logs the mismatch and shuts down (exit code 2).
 */
public final class ShardingJoinCheck extends JoinConfigCompatChecker {

  /** The settings that must be equal on every member. */
  static final List<String> KEYS = List.of(
      "akka.cluster.sharding.number-of-shards",
      "akka.cluster.sharding.remember-entities-store");

  @Override
  public Seq<String> requiredKeys() {
    return CollectionConverters.asScala(KEYS).toList();
  }

  @Override
  public ConfigValidation check(Config toCheck, Config actualConfig) {
    return JoinConfigCompatChecker.fullMatch(requiredKeys(), toCheck, actualConfig);
  }
}
