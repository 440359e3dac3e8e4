package gambit.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** The order-rate keys of {@code gambit.trading.dashboard}: defaults and refused values. */
class TradingSettingsTest {

  private static TradingSettings read(String overrides) {
    Config config = ConfigFactory.parseString(overrides).withFallback(ConfigFactory.load())
        .resolve();
    return TradingSettings.from(config);
  }

  @Test
  void theOrderRateDefaultsTo20PerSecondWithABurstOf100() {
    assertEquals(new TradingSettings.OrderRate(20, 100), read("").dashboard().orderRate());
    assertEquals(new TradingSettings.OrderRate(0.5, 7), read(
        "gambit.trading.dashboard.order-rate { per-second = \"0.5\", burst = 7 }")
        .dashboard().orderRate());
  }

  @Test
  void aNegativeRateOrAnEmptyBurstIsRefusedNamingTheKey() {
    ConfigException.BadValue negative = assertThrows(ConfigException.BadValue.class,
        () -> read("gambit.trading.dashboard.order-rate.per-second = -1"));
    assertTrue(negative.getMessage().contains("order-rate.per-second"), negative.getMessage());
    ConfigException.BadValue empty = assertThrows(ConfigException.BadValue.class,
        () -> read("gambit.trading.dashboard.order-rate.burst = 0"));
    assertTrue(empty.getMessage().contains("order-rate.burst"), empty.getMessage());
  }

  @Test
  void aFractionalBurstOrAnAbsurdlySlowRateIsRefusedNotRounded() {
    ConfigException.BadValue fraction = assertThrows(ConfigException.BadValue.class,
        () -> read("gambit.trading.dashboard.order-rate.burst = \"1.5\""));
    assertTrue(fraction.getMessage().contains("1.5"), fraction.getMessage());
    assertThrows(ConfigException.BadValue.class,
        () -> read("gambit.trading.dashboard.order-rate.per-second = 1e-12"));
    assertEquals(0.001, read("gambit.trading.dashboard.order-rate.per-second = 0.001")
        .dashboard().orderRate().perSecond());
  }
}
