package gambit.trading;

import gambit.serialization.CborSerializable;
import gambit.trading.model.Balance;
import gambit.trading.model.Fill;
import gambit.trading.model.Order;
import gambit.trading.model.Position;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one persisted event of a dashboard changed, as the entity publishes it on the user's topic
 * ({@link MarketTopics#dashboardTopicName}) for that user's sockets on any node.
 *
 * <p>{@code version} is the event's sequence number: updates of one dashboard have consecutive
 * versions, and a snapshot ({@link Dashboard.DashboardSnapshot#version()}) covers every update up
 * to its version. A subscriber that sees a version jump knows it missed updates (pub/sub delivers
 * at most once, and a newly registered subscriber is not known to the publisher at once) and
 * takes a new snapshot.
 *
 * @param userId the dashboard's user
 * @param version the event's sequence number
 * @param at when it happened
 * @param order the order the event concerns, after it; null for a deposit
 * @param fill the execution, for a fill; null otherwise
 * @param position the position in the order's instrument after the event, for a fill; null
 *     otherwise (only fills change positions)
 * @param balances every balance after the event, by asset code (sorted)
 */
public record DashboardUpdate(String userId, long version, Instant at, Order order, Fill fill,
    Position position, Map<String, Balance> balances) implements CborSerializable {

  /** Copies the balances. */
  public DashboardUpdate {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(at, "at");
    balances = Collections.unmodifiableMap(new TreeMap<>(balances));
  }
}
