package gambit.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.trading.model.Account;
import gambit.trading.model.InstrumentCatalogue;
import gambit.trading.model.OrderRequest;
import gambit.trading.model.OrderType;
import gambit.trading.model.PlaceOutcome;
import gambit.trading.model.Side;
import gambit.trading.model.TradingRules;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A socket's outbox on its own (no actors, no stream): what a reader gets in which order, how
 * ticks conflate for a reader that does not read, how it wakes a reader that waits, and when a
 * dashboard's portfolio is due.
 */
class OutboxTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  private final Outbox outbox = new Outbox(3);
  private final AtomicInteger wakeups = new AtomicInteger();
  private final Runnable wakeup = wakeups::incrementAndGet;

  private static Tick tick(String symbol, String price, long millis) {
    return new Tick(symbol, new BigDecimal(price), T0.plusMillis(millis));
  }

  private List<StreamSession.Out> drain() {
    List<StreamSession.Out> taken = new ArrayList<>();
    StreamSession.Out next;
    while ((next = outbox.poll(wakeup)) != null) {
      taken.add(next);
    }
    return taken;
  }

  private static StreamSession.Out out(Tick tick) {
    return new StreamSession.TickOut(tick);
  }

  @Test
  void aReaderThatDoesNotReadGetsOnlyTheNewestPriceOfEachInstrumentOldestInstrumentFirst() {
    outbox.watch(List.of("BTC-USD", "ETH-USD"));
    for (int i = 1; i <= 1000; i++) {
      outbox.tick(tick("BTC-USD", "100." + i % 10 + "0", i));
      outbox.tick(tick("ETH-USD", "50." + i % 10 + "0", i));
    }

    assertEquals(List.of(out(tick("BTC-USD", "100.00", 1000)),
        out(tick("ETH-USD", "50.00", 1000))), drain());
  }

  @Test
  void anOlderTickDoesNotReplaceTheNewerOneWaiting() {
    outbox.watch(List.of("BTC-USD"));
    outbox.tick(tick("BTC-USD", "101.00", 20));
    outbox.tick(tick("BTC-USD", "100.00", 10));

    assertEquals(List.of(out(tick("BTC-USD", "101.00", 20))), drain());
  }

  @Test
  void reliableElementsGoFirstInTheirOrderAndTheQueueRefusesBeyondItsLimit() {
    outbox.watch(List.of("BTC-USD"));
    outbox.tick(tick("BTC-USD", "100.00", 1));
    StreamSession.Out first = new StreamSession.ErrorOut("one");
    StreamSession.Out second = new StreamSession.SubscribedOut(Set.of("BTC-USD"));
    StreamSession.Out third = new StreamSession.ErrorOut("three");
    assertTrue(outbox.offer(first));
    assertTrue(outbox.offer(second));
    assertTrue(outbox.offer(third));

    assertFalse(outbox.offer(new StreamSession.ErrorOut("four")), "over the limit of 3");
    assertEquals(List.of(first, second, third, out(tick("BTC-USD", "100.00", 1))), drain());
    assertTrue(outbox.offer(new StreamSession.ErrorOut("room again")));
  }

  @Test
  void unwatchingDropsTheWaitingTickAndEveryLaterOne() {
    outbox.watch(List.of("BTC-USD", "ETH-USD"));
    outbox.tick(tick("BTC-USD", "100.00", 1));
    outbox.tick(tick("ETH-USD", "50.00", 1));

    outbox.unwatch(List.of("BTC-USD"));
    outbox.tick(tick("BTC-USD", "101.00", 2));

    assertEquals(List.of(out(tick("ETH-USD", "50.00", 1))), drain());
  }

  @Test
  void ticksOfInstrumentsNotWatchedAreNotTaken() {
    outbox.tick(tick("BTC-USD", "100.00", 1));

    assertNull(outbox.poll(wakeup));
    assertEquals(0, wakeups.get());
  }

  @Test
  void aLastKnownPriceIsTakenOnlyIfNoPriceOfTheInstrumentWasSentOrIsWaiting() {
    outbox.watch(List.of("BTC-USD", "ETH-USD", "SOL-USD"));
    outbox.tick(tick("BTC-USD", "100.00", 5));
    outbox.markSent(tick("ETH-USD", "50.00", 5));

    outbox.tickIfFirst(tick("BTC-USD", "99.00", 1));
    outbox.tickIfFirst(tick("ETH-USD", "49.00", 1));
    outbox.tickIfFirst(tick("SOL-USD", "20.00", 1));

    assertEquals(List.of(out(tick("BTC-USD", "100.00", 5)), out(tick("SOL-USD", "20.00", 1))),
        drain());
    outbox.tickIfFirst(tick("SOL-USD", "19.00", 0));
    assertEquals(List.of(), drain(), "SOL-USD was sent");
    outbox.tickIfFirst(tick("XRP-USD", "2.00", 0));
    assertEquals(List.of(), drain(), "XRP-USD is not watched");
  }

  @Test
  void aWaitingReaderIsWokenOnceWhenSomethingArrives() {
    outbox.watch(List.of("BTC-USD"));
    assertNull(outbox.poll(wakeup));

    outbox.tick(tick("BTC-USD", "100.00", 1));
    outbox.tick(tick("BTC-USD", "100.01", 2));
    outbox.offer(new StreamSession.ErrorOut("x"));

    assertEquals(1, wakeups.get());
    assertEquals(2, drain().size());
  }

  @Test
  void failingWakesTheReaderDropsWhatWaitsAndRefusesMore() {
    outbox.watch(List.of("BTC-USD"));
    assertNull(outbox.poll(wakeup));
    IllegalStateException cause = new IllegalStateException("stopped");

    outbox.fail(cause);
    outbox.fail(new IllegalStateException("later"));

    assertEquals(1, wakeups.get());
    assertSame(cause, outbox.failure());
    assertFalse(outbox.offer(new StreamSession.ErrorOut("x")));
    outbox.tick(tick("BTC-USD", "100.00", 1));
    assertNull(outbox.poll(wakeup));
  }

  @Test
  void aDetachedReaderIsNeverWokenAgain() {
    outbox.watch(List.of("BTC-USD"));
    assertNull(outbox.poll(wakeup));

    outbox.detach();
    outbox.tick(tick("BTC-USD", "100.00", 1));
    outbox.fail(new IllegalStateException("stopped"));

    assertEquals(0, wakeups.get());
  }

  @Test
  void aTickFromAnotherThreadReachesAReaderThatWaits() throws Exception {
    outbox.watch(List.of("BTC-USD"));
    int ticks = 10_000;
    List<StreamSession.Out> read = new ArrayList<>();
    Thread producer = new Thread(() -> {
      for (int i = 1; i <= ticks; i++) {
        outbox.tick(tick("BTC-USD", "100.00", i));
      }
    });
    producer.start();
    Tick last = tick("BTC-USD", "100.00", ticks);
    while (read.isEmpty() || !read.get(read.size() - 1).equals(out(last))) {
      CountDownLatch woken = new CountDownLatch(1);
      StreamSession.Out next = outbox.poll(woken::countDown);
      if (next != null) {
        read.add(next);
      } else {
        assertTrue(woken.await(10, TimeUnit.SECONDS), "a wake-up was lost after " + read);
      }
    }
    producer.join();

    for (int i = 1; i < read.size(); i++) {
      Tick before = ((StreamSession.TickOut) read.get(i - 1)).tick();
      Tick after = ((StreamSession.TickOut) read.get(i)).tick();
      assertTrue(after.time().isAfter(before.time()), "out of order: " + before + ", " + after);
    }
  }

  // ---------------------------------------------------------------- portfolio

  private static final InstrumentCatalogue CATALOGUE = InstrumentCatalogue.load();
  private static final Account FUNDED = funded();

  private static Account funded() {
    Account account = Account.open(CATALOGUE.quoteAsset());
    return account.apply(account.deposit(new BigDecimal("100000"), T0));
  }

  /** FUNDED after a market buy of {@code quantity} BTC at {@code price}. */
  private static Account bought(String quantity, String price) {
    PlaceOutcome.Accepted buy = (PlaceOutcome.Accepted) FUNDED.place("o-" + quantity,
        new OrderRequest("BTC-USD", Side.BUY, OrderType.MARKET, new BigDecimal(quantity), null,
            null), CATALOGUE.find("BTC-USD").orElseThrow(), new BigDecimal(price),
        TradingRules.DEFAULT, T0);
    return FUNDED.applyAll(buy.events());
  }

  private static StreamSession.Out portfolio(Account account, long version, Tick... marks) {
    Map<String, Tick> used = new HashMap<>();
    for (Tick mark : marks) {
      used.put(mark.symbol(), mark);
    }
    return new StreamSession.PortfolioOut(account, version, used);
  }

  @Test
  void aChangeOfTheHoldingsSendsAPortfolioAfterTheReliableElementsAndBeforeTheTicks() {
    outbox.watch(List.of("BTC-USD"));
    Tick sent = tick("BTC-USD", "50000.00", 1);
    outbox.tick(sent);
    drain();
    outbox.valued(FUNDED, 1, Map.of());
    Account holding = bought("0.5", "50000.00");

    StreamSession.Out update = new StreamSession.ErrorOut("stands for an update");
    outbox.offer(update);
    outbox.changed(holding, 3, null);
    Tick newer = tick("BTC-USD", "51000.00", 2);
    outbox.tick(newer);

    assertEquals(List.of(update, portfolio(holding, 3, sent), out(newer)), drain());
  }

  @Test
  void aPortfolioFollowsMovedPricesOfHeldInstrumentsOnlyAndConflates() {
    outbox.watch(List.of("BTC-USD", "ETH-USD"));
    Account holding = bought("0.5", "50000.00");
    Tick first = tick("BTC-USD", "50000.00", 1);
    outbox.valued(holding, 3, Map.of("BTC-USD", first));
    outbox.tick(first);
    drain();
    outbox.pricesMoved();
    assertEquals(List.of(), drain(), "the price the snapshot was valued at did not move");

    outbox.tick(tick("ETH-USD", "3000.00", 2));
    drain();
    outbox.pricesMoved();
    assertEquals(List.of(), drain(), "ETH is not held");

    Tick moved = tick("BTC-USD", "50500.00", 3);
    outbox.tick(moved);
    drain();
    outbox.pricesMoved();
    outbox.pricesMoved();
    assertEquals(List.of(portfolio(holding, 3, moved)), drain());
    outbox.pricesMoved();
    assertEquals(List.of(), drain());

    Account more = bought("0.7", "50000.00");
    outbox.changed(holding, 4, null);
    outbox.changed(more, 5, null);
    assertEquals(List.of(portfolio(more, 5, moved)), drain(), "one portfolio, the newest");
  }

  @Test
  void anOutboxWithoutHoldingsNeverSendsAPortfolioAndAChangeWakesTheReader() {
    outbox.watch(List.of("BTC-USD"));
    outbox.tick(tick("BTC-USD", "50000.00", 1));
    drain();
    outbox.pricesMoved();
    assertEquals(List.of(), drain());

    int before = wakeups.get();
    outbox.changed(FUNDED, 1, null);
    assertEquals(before + 1, wakeups.get());
    assertEquals(List.of(portfolio(FUNDED, 1)), drain());
  }

  @Test
  void aFailureListenerRunsOnceWithoutAPollAndNotAfterDetaching() {
    AtomicInteger told = new AtomicInteger();
    outbox.onFailure(told::incrementAndGet);
    outbox.fail(new IllegalStateException("first"));
    outbox.fail(new IllegalStateException("second"));
    assertEquals(1, told.get());
    outbox.onFailure(told::incrementAndGet);
    assertEquals(2, told.get(), "registered after the failure: runs at once");

    Outbox detached = new Outbox(3);
    detached.onFailure(told::incrementAndGet);
    detached.detach();
    detached.fail(new IllegalStateException("after the stream ended"));
    assertEquals(2, told.get());
  }

  @Test
  void aFillMarksItsInstrumentUntilATickOfItWasSent() {
    outbox.watch(List.of("BTC-USD"));
    outbox.valued(FUNDED, 1, Map.of());
    Account holding = bought("0.5", "50000.00");
    Tick fill = tick("BTC-USD", "50000.00", 1);
    outbox.changed(holding, 3, fill);
    assertEquals(List.of(portfolio(holding, 3, fill)), drain(), "not unpriced");

    Tick newer = tick("BTC-USD", "50100.00", 2);
    outbox.tick(newer);
    drain();
    outbox.pricesMoved();
    assertEquals(List.of(portfolio(holding, 3, newer)), drain());
  }

  @Test
  void aFinishedOutboxSendsWhatReliablyWaitsAndNothingElse() {
    outbox.watch(List.of("BTC-USD"));
    StreamSession.Out last = new StreamSession.ErrorOut("the last words");
    outbox.offer(last);
    outbox.tick(tick("BTC-USD", "50000.00", 1));
    outbox.finish();
    outbox.tick(tick("BTC-USD", "50001.00", 2));
    outbox.tickIfFirst(tick("ETH-USD", "3000.00", 2));
    outbox.changed(FUNDED, 2, null);
    assertFalse(outbox.offer(new StreamSession.ErrorOut("too late")));
    assertFalse(outbox.finished());

    assertEquals(List.of(last), drain());
    assertTrue(outbox.finished());
  }
}
