package gambit.trading.model;

import java.util.List;
import java.util.Objects;

/** What {@link Account#place} decided: events to persist, or a refusal that changes nothing. */
public sealed interface PlaceOutcome {

  /**
   * The order is accepted.
   *
   * @param order the order after the events: open, or filled for a market order and a limit
   *     order that the current price already crosses
   * @param events to persist atomically, in order: {@link TradingEvent.OrderAccepted}, then
   *     {@link TradingEvent.OrderFilled} if it filled at once
   */
  record Accepted(Order order, List<TradingEvent> events) implements PlaceOutcome {
    /** Copies {@code events}. */
    public Accepted {
      Objects.requireNonNull(order, "order");
      events = List.copyOf(events);
    }
  }

  /**
   * The order is refused; nothing is to be persisted.
   *
   * @param order the order as it would have been, with status {@link OrderStatus#REJECTED}
   * @param reason why
   * @param detail a sentence for the user, e.g. with the amount needed and available
   */
  record Rejected(Order order, RejectReason reason, String detail) implements PlaceOutcome {
    /** @throws NullPointerException if a component is null */
    public Rejected {
      Objects.requireNonNull(order, "order");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
