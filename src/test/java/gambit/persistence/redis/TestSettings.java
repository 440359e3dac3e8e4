package gambit.persistence.redis;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;

/** Plugin settings for tests: the plugin's reference.conf with a URI and optional overrides. */
final class TestSettings {

  private TestSettings() {}

  /** The {@code akka-persistence-redis} section for {@code uri}, every other key as shipped. */
  static Config section(String uri, Map<String, Object> overrides) {
    Map<String, Object> values = new HashMap<>(overrides);
    values.put("uri", uri);
    return ConfigFactory.parseMap(values)
        .withFallback(ConfigFactory.defaultReference().getConfig(RedisPluginSettings.ROOT));
  }

  static RedisPluginSettings forUri(String uri) {
    return forUri(uri, Map.of());
  }

  static RedisPluginSettings forUri(String uri, Map<String, Object> overrides) {
    return RedisPluginSettings.from(section(uri, overrides));
  }
}
