package gambit.trading.model;

import static gambit.trading.model.Fixtures.BTC;
import static gambit.trading.model.Fixtures.CATALOGUE;
import static gambit.trading.model.Fixtures.DOGE;
import static gambit.trading.model.Fixtures.ETH;
import static gambit.trading.model.Fixtures.PEPE;
import static gambit.trading.model.Fixtures.SHIB;
import static gambit.trading.model.Fixtures.SOL;
import static gambit.trading.model.Fixtures.T0;
import static gambit.trading.model.Fixtures.USD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.trading.model.TradingEvent.FundsDeposited;
import gambit.trading.model.TradingEvent.OrderAccepted;
import gambit.trading.model.TradingEvent.OrderCancelled;
import gambit.trading.model.TradingEvent.OrderFilled;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Property-style test: thousands of random orders, ticks, cancels and deposits per seed, with
 * the account's invariants checked after every step against an independent ledger (integer
 * arithmetic in cents, not the model's BigDecimal rounding).
 */
class AccountInvariantsTest {

  private static final Logger log = LoggerFactory.getLogger(AccountInvariantsTest.class);

  private static final List<Instrument> TRADED = List.of(BTC, ETH, SOL, DOGE, SHIB, PEPE);
  private static final List<BigDecimal> FEE_RATES = List.of(new BigDecimal("0.001"),
      new BigDecimal("0.0025"), BigDecimal.ZERO, new BigDecimal("0.005"));
  private static final int STEPS = 4000;
  private static final int MAX_OPEN = 15;

  @Test
  void invariantsHoldOverThousandsOfRandomOperations() {
    for (long seed : new long[] {1, 2, 3, 42, 20250102}) {
      Simulation simulation = new Simulation(seed);
      simulation.run(STEPS);
      simulation.liquidate();
      simulation.assertExercisedEveryPath();
      log.info("{}", simulation.counts());
    }
  }

  private static final class Simulation {
    private final long seed;
    private final Random random;
    private final Map<String, BigDecimal> prices = new HashMap<>();
    private final Map<String, BigDecimal> ledgerBase = new HashMap<>();
    private final List<TradingEvent> journal = new ArrayList<>();
    private final Map<RejectReason, Integer> rejections = new EnumMap<>(RejectReason.class);
    private Account account = Account.open(USD);
    private BigDecimal ledgerCash = BigDecimal.ZERO;
    private TradingRules rules = new TradingRules(FEE_RATES.get(0), MAX_OPEN);
    private int step;
    private int nextId;
    private int fills;
    private int tickFills;
    private int cancels;
    private int refusedInputs;
    private boolean dustLeft;

    Simulation(long seed) {
      this.seed = seed;
      this.random = new Random(seed);
      TRADED.forEach(i -> prices.put(i.symbol(), i.startingPrice()));
      TRADED.forEach(i -> ledgerBase.put(i.symbol(), BigDecimal.ZERO));
      deposit(new BigDecimal("50000.00"));
    }

    void run(int steps) {
      for (step = 1; step <= steps; step++) {
        int op = random.nextInt(100);
        if (op < 40) {
          tick(pick());
        } else if (op < 70) {
          place(pick(), OrderType.LIMIT);
        } else if (op < 84) {
          place(pick(), OrderType.MARKET);
        } else if (op < 95) {
          cancel();
        } else if (op < 97) {
          deposit(BigDecimal.valueOf(1 + random.nextInt(500_000), 2));
        } else {
          rules = new TradingRules(FEE_RATES.get(random.nextInt(FEE_RATES.size())), MAX_OPEN);
        }
        checkInvariants();
        if (step % 500 == 0) {
          assertEquals(account, Account.open(USD).applyAll(journal), at("replay"));
        }
      }
    }

    // ---- operations ----

    private void deposit(BigDecimal amount) {
      FundsDeposited event = account.deposit(amount, now());
      ledgerCash = ledgerCash.add(amount);
      record(List.of(event));
    }

    private void tick(Instrument instrument) {
      String symbol = instrument.symbol();
      BigDecimal price = walk(instrument, prices.get(symbol));
      prices.put(symbol, price);
      List<String> crossed = account.openOrders().values().stream()
          .filter(o -> o.symbol().equals(symbol) && crosses(o, price)).map(Order::id).toList();

      List<OrderFilled> filled = account.onTick(symbol, price, now());

      assertEquals(crossed, filled.stream().map(OrderFilled::orderId).toList(), at("crossed"));
      for (OrderFilled fill : filled) {
        Order order = account.order(fill.orderId()).orElseThrow();
        assertEquals(0, fill.price().compareTo(order.limitPrice()), at("fills at its limit"));
        applyFill(order, fill);
        tickFills++;
      }
      assertTrue(account.openOrders().values().stream()
          .noneMatch(o -> o.symbol().equals(symbol) && crosses(o, price)), at("none left"));
    }

    private void place(Instrument instrument, OrderType type) {
      Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
      BigDecimal current = prices.get(instrument.symbol());
      BigDecimal quantity = quantity(instrument, side, current);
      BigDecimal limit = type == OrderType.LIMIT ? limitNear(instrument, current) : null;
      OrderRequest request;
      try {
        request = OrderRequest.parse(CATALOGUE, instrument.symbol(), side.wireName(),
            type.wireName(), maybeGarbage(quantity.toPlainString()),
            limit == null ? null : limit.toPlainString(), null);
      } catch (ValidationException refused) {
        refusedInputs++;
        return;
      }
      BigDecimal known = random.nextInt(10) < 8 ? current : null;
      PlaceOutcome outcome = account.place("o" + nextId++, request, instrument, known, rules,
          now());
      if (outcome instanceof PlaceOutcome.Rejected rejected) {
        checkRejection(rejected, instrument, known);
      } else {
        checkAcceptance((PlaceOutcome.Accepted) outcome, known);
      }
    }

    private void cancel() {
      String id = cancelTarget();
      Order before = account.order(id).orElse(null);
      CancelOutcome outcome = account.cancel(id, now());
      if (before == null) {
        assertEquals(RejectReason.ORDER_NOT_FOUND,
            assertInstanceOf(CancelOutcome.Rejected.class, outcome).reason(), at(id));
      } else if (before.status() == OrderStatus.OPEN) {
        OrderCancelled event = assertInstanceOf(CancelOutcome.Cancelled.class, outcome).event();
        assertEquals(0, event.released().compareTo(before.reserved()), at("release exact"));
        Balance was = account.balance(before.reservedAsset());
        record(List.of(event));
        Balance is = account.balance(before.reservedAsset());
        assertEquals(was.available().add(before.reserved()), is.available(), at("available"));
        assertEquals(was.reserved().subtract(before.reserved()), is.reserved(), at("reserved"));
        cancels++;
      } else if (before.status() == OrderStatus.CANCELLED) {
        assertInstanceOf(CancelOutcome.AlreadyCancelled.class, outcome, at(id));
      } else {
        assertEquals(RejectReason.ORDER_NOT_OPEN,
            assertInstanceOf(CancelOutcome.Rejected.class, outcome).reason(), at(id));
      }
    }

    /** Cancels everything, then sells every position that is not dust. */
    void liquidate() {
      for (String id : List.copyOf(account.openOrders().keySet())) {
        record(List.of(((CancelOutcome.Cancelled) account.cancel(id, now())).event()));
      }
      account.balances().values().forEach(b ->
          assertEquals(0, b.reserved().signum(), at("nothing reserved after cancelling all")));
      boolean dust = false;
      for (Instrument instrument : TRADED) {
        BigDecimal held = account.balance(instrument.baseAsset()).available();
        if (held.signum() == 0) {
          continue;
        }
        BigDecimal price = prices.get(instrument.symbol());
        if (!instrument.allowsNotional(held.multiply(price))
            || held.compareTo(instrument.maxQuantity()) > 0) {
          dust = true;
          continue;
        }
        OrderRequest sell = new OrderRequest(instrument.symbol(), Side.SELL, OrderType.MARKET,
            held, null, null);
        checkAcceptance((PlaceOutcome.Accepted) account.place("o" + nextId++, sell, instrument,
            price, rules, now()), price);
        assertEquals(0, account.position(instrument.symbol()).orElseThrow().costBasis().signum(),
            at("closed position keeps no basis"));
      }
      checkInvariants();
      dustLeft = dust;
      if (!dust) {
        assertEquals(0, account.balance("USD").total()
            .compareTo(account.deposited().add(account.realizedPnl())), at("flat: cash = P&L"));
      }
      assertEquals(account, Account.open(USD).applyAll(journal), at("final replay"));
    }

    String counts() {
      return "seed " + seed + ": fills " + fills + ", tick fills " + tickFills
          + ", cancels " + cancels + ", refused inputs " + refusedInputs + ", rejections "
          + rejections + ", dust left " + dustLeft;
    }

    void assertExercisedEveryPath() {
      String counts = counts();
      assertTrue(fills > 500 && tickFills > 100 && cancels > 100 && refusedInputs > 20, counts);
      for (RejectReason reason : List.of(RejectReason.INSUFFICIENT_FUNDS, RejectReason.NO_PRICE,
          RejectReason.ORDER_VALUE_OUT_OF_RANGE, RejectReason.TOO_MANY_OPEN_ORDERS)) {
        assertTrue(rejections.getOrDefault(reason, 0) > 0, reason + " never hit; " + counts);
      }
    }

    // ---- checks of each outcome ----

    private void checkAcceptance(PlaceOutcome.Accepted accepted, BigDecimal current) {
      OrderAccepted event = (OrderAccepted) accepted.events().get(0);
      Order order = Order.accepted(event);
      BigDecimal pricedAt = event.type() == OrderType.MARKET ? current : event.limitPrice();
      BigDecimal[] reservation = oracle(event.side(), event.quantity(), pricedAt,
          event.feeRate());
      BigDecimal expected = event.side() == Side.BUY
          ? reservation[0].add(reservation[1]) : event.quantity();
      assertEquals(0, expected.compareTo(event.reserved()), at("reservation"));
      assertTrue(account.balance(event.reservedAsset()).available()
          .compareTo(event.reserved()) >= 0, at("covered by available"));
      record(List.of(event));
      if (accepted.events().size() == 2) {
        OrderFilled fill = (OrderFilled) accepted.events().get(1);
        assertTrue(event.type() == OrderType.MARKET || crosses(order, current), at("marketable"));
        assertEquals(0, fill.price().compareTo(current), at("fills at the current price"));
        applyFill(order, fill);
      } else {
        assertEquals(1, accepted.events().size(), at("one event"));
        assertTrue(event.type() == OrderType.LIMIT && !crosses(order, current), at("rests"));
      }
    }

    private void checkRejection(PlaceOutcome.Rejected rejected, Instrument instrument,
        BigDecimal known) {
      Order order = rejected.order();
      rejections.merge(rejected.reason(), 1, Integer::sum);
      switch (rejected.reason()) {
        case NO_PRICE -> assertTrue(order.type() == OrderType.MARKET && known == null, at("np"));
        case TOO_MANY_OPEN_ORDERS -> assertEquals(MAX_OPEN, account.openOrders().size(), at(""));
        case ORDER_VALUE_OUT_OF_RANGE -> assertTrue(order.type() == OrderType.MARKET
            && !instrument.allowsNotional(order.quantity().multiply(known)), at("value"));
        case INSUFFICIENT_FUNDS -> {
          BigDecimal pricedAt = order.type() == OrderType.MARKET ? known : order.limitPrice();
          BigDecimal[] cost = oracle(order.side(), order.quantity(), pricedAt, order.feeRate());
          BigDecimal needed = order.side() == Side.BUY ? cost[0].add(cost[1]) : order.quantity();
          assertTrue(account.balance(order.reservedAsset()).available().compareTo(needed) < 0,
              at("really insufficient"));
        }
        default -> throw new AssertionError(at("unexpected " + rejected));
      }
    }

    private void applyFill(Order order, OrderFilled fill) {
      BigDecimal[] expected = oracle(order.side(), order.quantity(), fill.price(),
          order.feeRate());
      assertEquals(0, expected[0].compareTo(fill.quoteAmount()), at("quote amount"));
      assertEquals(0, expected[1].compareTo(fill.fee()), at("fee"));
      Position before = account.position(order.symbol()).orElse(null);
      record(List.of(fill));
      Position after = account.position(order.symbol()).orElseThrow();
      String symbol = order.symbol();
      if (order.side() == Side.BUY) {
        ledgerCash = ledgerCash.subtract(expected[0]).subtract(expected[1]);
        ledgerBase.merge(symbol, order.quantity(), BigDecimal::add);
      } else {
        ledgerCash = ledgerCash.add(expected[0]).subtract(expected[1]);
        ledgerBase.merge(symbol, order.quantity().negate(), BigDecimal::add);
        checkAverageCostKept(before, after);
      }
      fills++;
    }

    /** A sell moves basis/quantity by at most the rounding of the removed share. */
    private void checkAverageCostKept(Position before, Position after) {
      BigDecimal skew = after.costBasis().multiply(before.quantity())
          .subtract(before.costBasis().multiply(after.quantity())).abs();
      BigDecimal bound = new BigDecimal("0.5E-12").multiply(before.quantity());
      assertTrue(skew.compareTo(bound) <= 0, at("average cost drifted by " + skew));
    }

    // ---- invariants after every step ----

    private void checkInvariants() {
      Map<String, BigDecimal> reservedByOrders = new HashMap<>();
      account.openOrders().values().forEach(o ->
          reservedByOrders.merge(o.reservedAsset(), o.reserved(), BigDecimal::add));
      account.balances().forEach((asset, balance) -> {
        assertTrue(balance.available().signum() >= 0 && balance.reserved().signum() >= 0,
            at(asset + " negative"));
        BigDecimal expected = reservedByOrders.getOrDefault(asset, BigDecimal.ZERO);
        assertEquals(0, expected.compareTo(balance.reserved()), at(asset + " reserved"));
        assertEquals(balance.total(), balance.available().add(balance.reserved()), at(asset));
      });
      Balance cash = account.balance("USD");
      assertTrue(cash.total().stripTrailingZeros().scale() <= 2, at("cash has no fractions"));
      assertEquals(0, ledgerCash.compareTo(cash.total()), at("cash ledger"));

      BigDecimal bases = BigDecimal.ZERO;
      for (Instrument instrument : TRADED) {
        BigDecimal held = account.balance(instrument.baseAsset()).total();
        BigDecimal position = account.position(instrument.symbol())
            .map(Position::quantity).orElse(BigDecimal.ZERO);
        assertEquals(0, held.compareTo(position), at(instrument.symbol() + " position"));
        assertEquals(0, held.compareTo(ledgerBase.get(instrument.symbol())), at("base ledger"));
        assertTrue(held.stripTrailingZeros().scale() <= instrument.quantityScale(), at("steps"));
        bases = bases.add(account.position(instrument.symbol()).map(Position::costBasis)
            .orElse(BigDecimal.ZERO));
      }
      // every unit of cash is in the account, in a cost basis, or realized as P&L
      assertEquals(0, account.deposited().add(account.realizedPnl())
          .compareTo(cash.total().add(bases)), at("conservation"));
      checkValuation(bases);
      assertTrue(account.openOrders().size() <= MAX_OPEN, at("open orders bounded"));
      assertTrue(account.closedOrders().size() <= Account.CLOSED_ORDERS_KEPT, at("closed"));
      assertTrue(account.fills().size() <= Account.FILLS_KEPT, at("fills bounded"));
    }

    /**
     * The rounded totals a client sees keep both identities exactly, and the unrealized P&L is
     * within a cent of the exact one, rounded.
     */
    private void checkValuation(BigDecimal bases) {
      Valuation v = account.valuation(prices);
      assertEquals(0, v.equity().compareTo(v.cash().add(v.positionsValue())), at("equity"));
      assertEquals(0, v.equity().compareTo(account.deposited().add(v.realizedPnl())
          .add(v.unrealizedPnl())), at("equity = deposits + realized + unrealized"));
      BigDecimal value = BigDecimal.ZERO;
      for (Position p : account.positions().values()) {
        value = value.add(p.quantity().multiply(prices.get(p.symbol())));
      }
      BigDecimal cent = new BigDecimal("0.01");
      BigDecimal exact = value.subtract(bases).setScale(2, java.math.RoundingMode.HALF_EVEN);
      assertTrue(exact.subtract(v.unrealizedPnl()).abs().compareTo(cent) <= 0,
          at("unrealized " + v.unrealizedPnl() + " against " + exact));
      BigDecimal rounded = value.setScale(2, java.math.RoundingMode.HALF_EVEN);
      assertTrue(rounded.subtract(v.positionsValue()).abs().compareTo(cent) <= 0,
          at("positions' value " + v.positionsValue() + " against " + rounded));
    }

    // ---- helpers ----

    private void record(List<? extends TradingEvent> events) {
      journal.addAll(events);
      account = account.applyAll(events);
    }

    private Instrument pick() {
      return TRADED.get(random.nextInt(TRADED.size()));
    }

    private Instant now() {
      return T0.plusMillis(step * 250L);
    }

    private String at(String what) {
      return "seed " + seed + " step " + step + ": " + what;
    }

    /** A random walk of about 0.4% per tick, on the tick, never below one tick. */
    private BigDecimal walk(Instrument instrument, BigDecimal price) {
      BigDecimal tick = instrument.priceTick();
      BigDecimal scale = price.multiply(new BigDecimal("0.004")).divide(tick, 0,
          RoundingMode.HALF_UP).max(BigDecimal.ONE);
      long ticks = Math.round(random.nextGaussian() * scale.doubleValue());
      BigDecimal next = price.add(tick.multiply(BigDecimal.valueOf(ticks)));
      return next.max(tick).setScale(instrument.priceScale(), RoundingMode.UNNECESSARY);
    }

    /** A limit within 2% of the price, on the tick. */
    private BigDecimal limitNear(Instrument instrument, BigDecimal price) {
      double factor = 1 + (random.nextDouble() - 0.5) * 0.04;
      BigDecimal raw = price.multiply(BigDecimal.valueOf(factor));
      BigDecimal ticks = raw.divide(instrument.priceTick(), 0, RoundingMode.HALF_UP);
      return instrument.priceTick().multiply(ticks).max(instrument.priceTick());
    }

    /** Mostly a value between about 0.3 and 6000 USD; sells mostly from what is held. */
    private BigDecimal quantity(Instrument instrument, Side side, BigDecimal price) {
      BigDecimal step = instrument.quantityStep();
      BigDecimal held = account.balance(instrument.baseAsset()).available();
      if (side == Side.SELL && held.signum() > 0 && random.nextInt(10) < 7) {
        long units = held.divide(step, 0, RoundingMode.FLOOR).longValueExact();
        return step.multiply(BigDecimal.valueOf(1 + (long) (random.nextDouble() * units)));
      }
      double usd = Math.pow(10, random.nextDouble() * 4.3 - 0.5);
      BigDecimal units = BigDecimal.valueOf(usd).divide(price.multiply(step), 0,
          RoundingMode.FLOOR).max(BigDecimal.ONE);
      return step.multiply(units);
    }

    /** Now and then a text the parser must refuse. */
    private String maybeGarbage(String quantity) {
      return switch (random.nextInt(60)) {
        case 0 -> "1e3";
        case 1 -> "-" + quantity;
        case 2 -> " " + quantity;
        case 3 -> quantity + "0000001";
        default -> quantity;
      };
    }

    private String cancelTarget() {
      int roll = random.nextInt(10);
      if (roll < 8 && !account.openOrders().isEmpty()) {
        List<String> ids = List.copyOf(account.openOrders().keySet());
        return ids.get(random.nextInt(ids.size()));
      }
      if (roll < 9 && !account.closedOrders().isEmpty()) {
        return account.closedOrders().get(random.nextInt(account.closedOrders().size())).id();
      }
      return "unknown-" + random.nextInt(1000);
    }

    private static boolean crosses(Order order, BigDecimal price) {
      if (order.type() != OrderType.LIMIT || price == null) {
        return false;
      }
      int cmp = price.compareTo(order.limitPrice());
      return order.side() == Side.BUY ? cmp <= 0 : cmp >= 0;
    }
  }

  /**
   * The settlement computed independently of the model, in whole cents with integer division:
   * {quote amount, fee}. Buys round the notional up, sells down; fees always up.
   */
  static BigDecimal[] oracle(Side side, BigDecimal quantity, BigDecimal price,
      BigDecimal feeRate) {
    BigInteger notional = quantity.unscaledValue().multiply(price.unscaledValue());
    int notionalScale = quantity.scale() + price.scale();
    BigInteger quote = side == Side.BUY
        ? ceilCents(notional, notionalScale) : floorCents(notional, notionalScale);
    BigInteger fee = ceilCents(notional.multiply(feeRate.unscaledValue()),
        notionalScale + feeRate.scale());
    return new BigDecimal[] {new BigDecimal(quote, 2), new BigDecimal(fee, 2)};
  }

  private static BigInteger floorCents(BigInteger unscaled, int scale) {
    return scale >= 2 ? floorDiv(unscaled, BigInteger.TEN.pow(scale - 2))
        : unscaled.multiply(BigInteger.TEN.pow(2 - scale));
  }

  private static BigInteger ceilCents(BigInteger unscaled, int scale) {
    return floorCents(unscaled.negate(), scale).negate();
  }

  private static BigInteger floorDiv(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }
}
