package gambit.trading;

import gambit.trading.model.Account;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one socket has to send, between its producers (its {@link StreamSession} actor, and the
 * node's {@link TickHub} for ticks) and its stream, which takes one element whenever the client's
 * TCP connection has room ({@link #poll}).
 *
 * <p>Two kinds of elements, as the protocol promises: reliable ones (snapshots, dashboard
 * updates, answers to the client) wait in order, at most {@code maxReliable} of them (beyond
 * that {@link #offer} refuses: the client is too slow to be served); ticks wait in a map with
 * one entry per instrument, replaced by newer prices, so a slow reader gets the newest price of
 * each instrument next, never a backlog of stale ones. Reliable elements go first; waiting ticks
 * leave oldest instrument first. Only ticks of the {@linkplain #watch watched} instruments are
 * taken, so a tick that was already on its way when the client unsubscribed is dropped here.
 *
 * <p>A dashboard's outbox also values the account: the session hands it the holdings it knows
 * ({@link #valued}, {@link #changed}) and asks now and then whether prices moved
 * ({@link #pricesMoved}); a {@link StreamSession.PortfolioOut} then leaves after the reliable
 * elements and before the ticks, valued at the prices this socket has sent (so the client can
 * check it against the ticks it saw; an instrument of which no tick was sent yet at the price of
 * the fill the client was sent), and only if the holdings changed or a held instrument's price
 * did. It is conflated too: however long the client reads slowly, one waits at most.
 *
 * <p>Thread-safe: every method may be called from any thread. The lock is held for a few map
 * operations only; the consumer's wake-up runs after it is released, on the producer's thread.
 */
public final class Outbox implements TickHub.Watcher {

  private final int maxReliable;
  private final ArrayDeque<StreamSession.Out> reliable = new ArrayDeque<>();
  private final LinkedHashMap<String, Tick> ticks = new LinkedHashMap<>();
  private final Map<String, Tick> lastSent = new HashMap<>();
  private final Set<String> watched = new HashSet<>();
  private Account holdings;
  private long holdingsVersion;
  private Map<String, BigDecimal> valuedAt = Map.of();
  private final Map<String, Tick> fillPrices = new HashMap<>();
  private boolean portfolioDue;
  private boolean holdingsChanged;
  private boolean ticksHeld;
  private boolean finishing;
  private Runnable wakeup;
  private Runnable failureListener;
  private boolean detached;
  private Throwable failure;

  /** @param maxReliable reliable elements that may wait; 1 or more */
  public Outbox(int maxReliable) {
    if (maxReliable < 1) {
      throw new IllegalArgumentException("maxReliable must be 1 or more, was " + maxReliable);
    }
    this.maxReliable = maxReliable;
  }

  // ---------------------------------------------------------------- producers

  /**
   * Queues a reliable element behind the others.
   *
   * @return false, queuing nothing, if {@code maxReliable} elements already wait or the outbox
   *     failed
   */
  public boolean offer(StreamSession.Out element) {
    Runnable wake;
    synchronized (this) {
      if (failure != null || finishing || reliable.size() >= maxReliable) {
        return false;
      }
      reliable.add(element);
      wake = takeWakeup();
    }
    run(wake);
    return true;
  }

  /**
   * Keeps the tick as its instrument's next price, unless the instrument is not watched or the
   * waiting tick of the instrument is newer. Never blocks on the consumer.
   */
  @Override
  public void tick(Tick tick) {
    Runnable wake;
    synchronized (this) {
      if (finishing || !watched.contains(tick.symbol()) || !conflate(tick)) {
        return;
      }
      wake = takeWakeup();
    }
    run(wake);
  }

  /**
   * A last known price (read when the instrument became watched): taken only if no price of the
   * instrument was sent or is waiting, since anything newer from the feed wins.
   */
  public void tickIfFirst(Tick tick) {
    Runnable wake;
    synchronized (this) {
      if (!watched.contains(tick.symbol()) || lastSent.containsKey(tick.symbol())
          || ticks.containsKey(tick.symbol())) {
        return;
      }
      ticks.put(tick.symbol(), tick);
      wake = takeWakeup();
    }
    run(wake);
  }

  /** Counts {@code tick} as sent (a snapshot carried it), so {@link #tickIfFirst} skips it. */
  public synchronized void markSent(Tick tick) {
    lastSent.putIfAbsent(tick.symbol(), tick);
  }

  /** Takes ticks of these instruments from now on. */
  public synchronized void watch(Collection<String> symbols) {
    watched.addAll(symbols);
  }

  /** Takes no more ticks of these instruments, and forgets the waiting ones. */
  public synchronized void unwatch(Collection<String> symbols) {
    watched.removeAll(symbols);
    symbols.forEach(ticks::remove);
  }

  /**
   * The account as the client was just shown it, valued at {@code marks} (a snapshot): no
   * portfolio is due for it.
   */
  public synchronized void valued(Account account, long version, Map<String, Tick> marks) {
    holdings = account;
    holdingsVersion = version;
    Map<String, BigDecimal> prices = new HashMap<>();
    marks.forEach((symbol, tick) -> prices.put(symbol, tick.price()));
    valuedAt = heldMarks(prices);
    holdingsChanged = false;
    portfolioDue = false;
  }

  /**
   * The account's holdings changed (an update the client was sent): a portfolio is due.
   *
   * @param fillPrice for a fill, its price, which marks its instrument until a tick of it is
   *     sent (the client saw that price in the fill); null otherwise
   */
  public void changed(Account account, long version, Tick fillPrice) {
    Runnable wake;
    synchronized (this) {
      if (fillPrice != null) {
        fillPrices.put(fillPrice.symbol(), fillPrice);
      }
      holdings = account;
      holdingsVersion = version;
      holdingsChanged = true;
      portfolioDue = true;
      wake = takeWakeup();
    }
    run(wake);
  }

  /** A portfolio is due if the price of a held instrument that was sent differs from before. */
  public void pricesMoved() {
    Runnable wake;
    synchronized (this) {
      if (holdings == null || heldMarks(lastSentPrices()).equals(valuedAt)) {
        return;
      }
      portfolioDue = true;
      wake = takeWakeup();
    }
    run(wake);
  }

  /** Keeps ticks (and portfolios) back until {@link #releaseTicks}: a first message goes first. */
  public synchronized void holdTicks() {
    ticksHeld = true;
  }

  /** Lets the ticks kept back by {@link #holdTicks} go, newest price of each instrument. */
  public void releaseTicks() {
    Runnable wake;
    synchronized (this) {
      ticksHeld = false;
      wake = ticks.isEmpty() ? null : takeWakeup();
    }
    run(wake);
  }

  /**
   * Ends the socket cleanly: the reliable elements waiting go out, nothing else does (ticks and
   * portfolios are dropped, later offers refused), and then {@link #finished} is true and the
   * consumer completes its stream.
   */
  public void finish() {
    Runnable wake;
    synchronized (this) {
      finishing = true;
      ticks.clear();
      portfolioDue = false;
      wake = takeWakeup();
    }
    run(wake);
  }

  /** Whether {@link #finish} was called: offers are refused from then on. */
  public synchronized boolean finishing() {
    return finishing;
  }

  /** Whether the socket was {@linkplain #finish finished} and everything reliable went out. */
  public synchronized boolean finished() {
    return finishing && reliable.isEmpty();
  }

  /**
   * Fails the outbox: {@link #poll} returns nothing more and {@link #failure} tells why. The
   * first failure wins.
   */
  public void fail(Throwable cause) {
    Runnable wake;
    Runnable listener;
    synchronized (this) {
      if (failure != null) {
        return;
      }
      failure = cause;
      wake = takeWakeup();
      listener = failureListener;
      failureListener = null;
    }
    run(wake);
    run(listener);
  }

  /**
   * Runs {@code listener} once when the outbox fails (at once if it has), whether or not the
   * consumer is waiting: a consumer whose client reads nothing never polls, and must still
   * learn that its socket is to close. {@link #detach} forgets it.
   */
  public void onFailure(Runnable listener) {
    synchronized (this) {
      if (failure == null) {
        if (!detached) {
          failureListener = listener;
        }
        return;
      }
    }
    listener.run();
  }

  // ---------------------------------------------------------------- the consumer

  /**
   * The next element: the oldest reliable one, else the waiting tick of the instrument that has
   * waited longest. When there is none, returns null and runs {@code wakeup} once, later, when
   * there is one or the outbox fails (a later poll replaces a wake-up that has not run yet).
   * After a failure it returns null at once and runs nothing: see {@link #failure}.
   */
  public synchronized StreamSession.Out poll(Runnable wakeup) {
    if (failure != null) {
      return null;
    }
    StreamSession.Out next = reliable.poll();
    if (next != null) {
      return next;
    }
    if (ticksHeld || finishing) {
      this.wakeup = detached ? null : wakeup;
      return null;
    }
    if (portfolioDue) {
      StreamSession.Out portfolio = portfolio();
      if (portfolio != null) {
        return portfolio;
      }
    }
    if (!ticks.isEmpty()) {
      return new StreamSession.TickOut(sendOldestTick());
    }
    this.wakeup = detached ? null : wakeup;
    return null;
  }

  /**
   * The consumer has stopped: its wake-up is forgotten and none is registered again, so that
   * producers never call into a stream that has ended. Elements may still be offered; nobody
   * takes them.
   */
  public synchronized void detach() {
    detached = true;
    wakeup = null;
    failureListener = null;
  }

  /** Why the outbox failed, or null. */
  public synchronized Throwable failure() {
    return failure;
  }

  /** How many elements wait now (reliable ones and ticks). */
  public synchronized int waiting() {
    return reliable.size() + ticks.size();
  }

  // ---------------------------------------------------------------- inside the lock

  /** The due portfolio, or null if the holdings and their prices are as last valued. */
  private StreamSession.Out portfolio() {
    portfolioDue = false;
    Map<String, BigDecimal> marks = heldMarks(lastSentPrices());
    if (!holdingsChanged && marks.equals(valuedAt)) {
      return null;
    }
    holdingsChanged = false;
    valuedAt = marks;
    Map<String, Tick> used = new HashMap<>();
    for (String symbol : marks.keySet()) {
      used.put(symbol, lastSent.getOrDefault(symbol, fillPrices.get(symbol)));
    }
    return new StreamSession.PortfolioOut(holdings, holdingsVersion, used);
  }

  /** The price the client last saw of each instrument: the last tick sent, else a fill's. */
  private Map<String, BigDecimal> lastSentPrices() {
    Map<String, BigDecimal> prices = new HashMap<>();
    fillPrices.forEach((symbol, tick) -> prices.put(symbol, tick.price()));
    lastSent.forEach((symbol, tick) -> prices.put(symbol, tick.price()));
    return prices;
  }

  /** The prices in {@code prices} of the instruments the holdings hold. */
  private Map<String, BigDecimal> heldMarks(Map<String, BigDecimal> prices) {
    Map<String, BigDecimal> marks = new HashMap<>();
    holdings.positions().values().forEach(p -> {
      BigDecimal price = prices.get(p.symbol());
      if (p.quantity().signum() > 0 && price != null) {
        marks.put(p.symbol(), price);
      }
    });
    return marks;
  }

  private boolean conflate(Tick tick) {
    Tick waiting = ticks.get(tick.symbol());
    if (waiting != null && waiting.time().isAfter(tick.time())) {
      return false;
    }
    ticks.put(tick.symbol(), tick);
    return true;
  }

  private Tick sendOldestTick() {
    Iterator<Map.Entry<String, Tick>> oldest = ticks.entrySet().iterator();
    Tick tick = oldest.next().getValue();
    oldest.remove();
    lastSent.put(tick.symbol(), tick);
    return tick;
  }

  private Runnable takeWakeup() {
    Runnable wake = wakeup;
    wakeup = null;
    return wake;
  }

  private static void run(Runnable wake) {
    if (wake != null) {
      wake.run();
    }
  }
}
