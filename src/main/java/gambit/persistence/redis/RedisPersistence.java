package gambit.persistence.redis;

import akka.actor.AbstractExtensionId;
import akka.actor.ActorSystem;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.ExtensionIdProvider;

/**
 * The plugin's per-ActorSystem state: one {@link RedisConnector} shared by the journal, the
 * snapshot store and the read journal, opened on first use and closed when the ActorSystem
 * terminates (after every actor, so also after the journal, has stopped).
 *
 * <p>Usage: {@code RedisPersistence.get(system).connector()}.
 */
public final class RedisPersistence implements Extension {

  /** The extension id. */
  public static final Id ID = new Id();

  private final RedisPluginSettings settings;
  private final KeySpace keys;
  private RedisConnector<byte[], byte[]> connector;

  private RedisPersistence(ExtendedActorSystem system) {
    this.settings = RedisPluginSettings.fromRootConfig(system.settings().config());
    this.keys = new KeySpace(settings.keyPrefix());
    system.registerOnTermination(this::close);
  }

  public static RedisPersistence get(ActorSystem system) {
    return ID.get(system);
  }

  public static RedisPersistence get(akka.actor.typed.ActorSystem<?> system) {
    return ID.get(akka.actor.typed.javadsl.Adapter.toClassic(system));
  }

  public RedisPluginSettings settings() {
    return settings;
  }

  public KeySpace keys() {
    return keys;
  }

  /** The shared connection, opened on first call. */
  public synchronized RedisConnector<byte[], byte[]> connector() {
    if (connector == null) {
      connector = RedisConnector.connect(settings);
    }
    return connector;
  }

  private synchronized void close() {
    if (connector != null) {
      connector.close();
      connector = null;
    }
  }

  /** The {@link akka.actor.ExtensionId} of {@link RedisPersistence}. */
  public static final class Id extends AbstractExtensionId<RedisPersistence>
      implements ExtensionIdProvider {

    @Override
    public RedisPersistence createExtension(ExtendedActorSystem system) {
      return new RedisPersistence(system);
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
