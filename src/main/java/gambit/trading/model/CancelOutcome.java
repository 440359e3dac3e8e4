package gambit.trading.model;

import java.util.Objects;

/** What {@link Account#cancel} decided. */
public sealed interface CancelOutcome {

  /**
   * The order is cancelled.
   *
   * @param order the order after the event, status {@link OrderStatus#CANCELLED}
   * @param event to persist
   */
  record Cancelled(Order order, TradingEvent.OrderCancelled event) implements CancelOutcome {
    /** @throws NullPointerException if a component is null */
    public Cancelled {
      Objects.requireNonNull(order, "order");
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * The order was cancelled before: a repeated cancel succeeds and persists nothing.
   *
   * @param order the cancelled order
   */
  record AlreadyCancelled(Order order) implements CancelOutcome {
    /** @throws NullPointerException if the order is null */
    public AlreadyCancelled {
      Objects.requireNonNull(order, "order");
    }
  }

  /**
   * Nothing to cancel: {@link RejectReason#ORDER_NOT_FOUND} or {@link RejectReason#ORDER_NOT_OPEN}.
   *
   * @param orderId the id asked for
   * @param detail a sentence for the user
   */
  record Rejected(String orderId, RejectReason reason, String detail) implements CancelOutcome {
    /** @throws NullPointerException if a component is null */
    public Rejected {
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
