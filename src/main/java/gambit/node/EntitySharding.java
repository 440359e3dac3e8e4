package gambit.node;

import akka.actor.typed.ActorSystem;
import akka.cluster.sharding.typed.ClusterShardingSettings;
import com.typesafe.config.Config;

/**
 * The sharding settings of one entity type, so that every entity's {@code init} gets them the
 * same way: Akka's {@code akka.cluster.sharding} section (number of shards, passivation,
 * rebalancing, the remember-entities store, all in {@code cluster.conf}) plus remembered
 * entities for the types listed in {@code gambit.sharding.remember-entities}.
 *
 * <p>A remembered entity is started again after a crash or a rebalance without waiting for a
 * message, and sharding never passivates it; it must stop itself (passivate) once it no
 * longer needs to run, which also forgets it. Typical use in an entity's {@code init}:
 * {@code Entity.of(TYPE_KEY, ctx -> ...).withSettings(EntitySharding.settings(system, TYPE_KEY
 * .name()))}.
 */
public final class EntitySharding {

  private EntitySharding() {}

  /**
   * @param entityTypeName the entity type's {@code EntityTypeKey} name, e.g. {@code ChessGame}
   * @return settings read from the system's configuration; never null
   */
  public static ClusterShardingSettings settings(ActorSystem<?> system, String entityTypeName) {
    return ClusterShardingSettings.create(system)
        .withRememberEntities(remembers(system.settings().config(), entityTypeName));
  }

  /** Whether entities of this type are remembered ({@code gambit.sharding.remember-entities}). */
  public static boolean remembers(Config config, String entityTypeName) {
    return config.getStringList("gambit.sharding.remember-entities").contains(entityTypeName);
  }
}
