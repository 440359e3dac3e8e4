package gambit.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import gambit.Main;
import gambit.auth.AuthService;
import gambit.trading.PriceFeed;
import gambit.trading.Tick;
import gambit.trading.Trading;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The trading benchmark: one node in this JVM (a cluster of one with the real routes, dashboards
 * and price feed, on a redis-server of its own unless {@code --redis-uri} is given), measured by
 * clients on the same machine, so clients and node share the CPUs (the figures are a floor).
 *
 * <ol>
 *   <li>Orders: {@code --order-clients} users each send market orders over HTTP in a closed loop
 *       (a new Idempotency-Key each) for {@code --duration} after a warm-up; printed: orders per
 *       second and latency percentiles.
 *   <li>Tick fan-out, for each count of {@code --sockets}: that many {@code /ws/market} sockets
 *       watch one instrument, opened by a {@link FanOutClients} process of their own (a minimal
 *       NIO client on one thread); after {@value #WARMUP_TICKS} unmeasured ticks,
 *       {@code --ticks} ticks are pushed into the price feed at {@code --tick-rate} per second,
 *       each dated with the wall clock at its push; printed: the latency from that time to each
 *       socket's receipt (percentiles over every delivered tick), the share delivered (ticks a
 *       slow socket skipped by conflation are not delivered, by design), gaps in the sockets'
 *       {@code seq} numbers, and the CPU time of this JVM and of the client process per
 *       delivered tick.
 * </ol>
 *
 * Usage: {@code java -cp gambit.jar gambit.bench.TradingBenchmark [--sockets 1000,5000]
 * [--ticks 50] [--tick-rate 5] [--order-clients 8] [--duration 10s] [--redis-uri URI]}.
 * Each socket holds one file descriptor in this process and one in the client process, so
 * {@code ulimit -n} bounds {@code --sockets} in each.
 */
public final class TradingBenchmark {

  private static final String SYMBOL = "BTC-USD";
  private static final BigDecimal BASE_PRICE = new BigDecimal("60000.00");
  /** Ticks before the measured ones, so that the JIT has compiled the path of a tick. */
  private static final int WARMUP_TICKS = 10;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  private final ActorSystem<Void> system;
  private final int port;
  private final AuthService auth;
  private final AtomicLong nextPrice = new AtomicLong();

  private TradingBenchmark(ActorSystem<Void> system, int port, AuthService auth) {
    this.system = system;
    this.port = port;
    this.auth = auth;
  }

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Main.widenCommonPool(); // java.net.http's clients: no thread per response
    Map<String, String> options = options(args);
    try (BenchNode node = BenchNode.start(options.get("redis-uri"),
        "gambit.trading.feed.simulator.enabled = off",
        system -> Trading.get(system).start(Clock.systemUTC()))) {
      TradingBenchmark bench = new TradingBenchmark(node.system(), node.port(), node.auth());
      System.out.println("Trading benchmark on " + Environment.machine());
      System.out.println("JVM: " + Environment.jvm() + "; load average before: "
          + Environment.loadAverage());
      System.out.println("Fan-out clients: a separate JVM (" + ClientProcess.jvmOptions()
          + "), one NIO thread");
      bench.orders(Integer.parseInt(options.getOrDefault("order-clients", "8")),
          Duration.parse("PT" + options.getOrDefault("duration", "10s").toUpperCase()));
      for (String sockets : options.getOrDefault("sockets", "1000").split(",")) {
        bench.fanOut(Integer.parseInt(sockets.strip()),
            Integer.parseInt(options.getOrDefault("ticks", "50")),
            Double.parseDouble(options.getOrDefault("tick-rate", "5")));
      }
      System.out.println("load average after: " + Environment.loadAverage());
    }
    System.exit(0);
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    return options;
  }

  // ---------------------------------------------------------------- orders

  private void orders(int clients, Duration duration) throws Exception {
    push(List.of(new Tick(SYMBOL, new BigDecimal("50000.00"), Instant.now())));
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      tokens.add(token("bench_" + i + "_" + System.nanoTime() % 100_000));
    }
    Recorder latencies = new Recorder(3);
    AtomicLong done = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    long end = warmupEnd + duration.toNanos();
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (String token : tokens) {
      loops.add(orderLoop(token, warmupEnd, end, latencies, done, refused));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get();
    Histogram histogram = latencies.getIntervalHistogram();
    System.out.printf("Orders over HTTP, %d clients in a closed loop, %s measured: %.0f orders/s"
            + " (%d refused), latency ms p50 %.1f p99 %.1f max %.1f%n", clients, duration,
        done.get() / (duration.toNanos() / 1e9), refused.get(),
        histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
        histogram.getMaxValue() / 1e6);
  }

  private CompletableFuture<Void> orderLoop(String token, long warmupEnd, long end,
      Recorder latencies, AtomicLong done, AtomicLong refused) {
    long started = System.nanoTime();
    if (started >= end) {
      return CompletableFuture.completedFuture(null);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/orders"))
        .header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", UUID.randomUUID().toString())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"symbol\":\"" + SYMBOL
            + "\",\"side\":\"buy\",\"type\":\"market\",\"quantity\":\"0.00002\"}"))
        .build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenCompose(response -> {
          long now = System.nanoTime();
          if (started >= warmupEnd) {
            latencies.recordValue(now - started);
            (response.statusCode() == 201 ? done : refused).incrementAndGet();
          }
          return orderLoop(token, warmupEnd, end, latencies, done, refused);
        });
  }

  private String token(String name) {
    String password = "correct horse battery staple";
    auth.register(name, password, "127.0.0.1").toCompletableFuture().join();
    AuthService.Login login = auth.login(name, password, "127.0.0.1")
        .toCompletableFuture().join();
    return ((AuthService.LoggedIn) login).tokens().accessToken();
  }

  // ---------------------------------------------------------------- fan-out

  private void fanOut(int count, int ticks, double perSecond) throws Exception {
    try (ClientProcess clients = ClientProcess.start(port, count, SYMBOL)) {
      String[] ready = clients.await("ready").split(" ");
      System.out.println(count + " sockets ready; load average " + Environment.loadAverage());
      Map<String, Long> tcpBefore = Environment.tcp();
      long pause = (long) (1e9 / perSecond);
      pushTicks(WARMUP_TICKS, pause);
      clients.send("start " + Instant.now().toEpochMilli());
      clients.await("started");
      long cpuBefore = processCpuNanos();
      pushTicks(ticks, pause);
      awaitDeliveries(clients, (long) count * ticks);
      long serverCpu = processCpuNanos() - cpuBefore;
      String tcpGrowth = Environment.tcpGrowth(tcpBefore, Environment.tcp());
      clients.send("stop");
      Map<String, String> result = clients.result();
      long delivered = Long.parseLong(result.get("delivered"));
      System.out.printf("Tick fan-out to %d sockets (%s ready, %s failed), %d ticks at %.1f/s"
              + " after %d warm-up ticks: delivered %.1f%%, latency ms p50 %.1f p99 %.1f"
              + " max %.1f; seq errors %s, sockets closed %s; CPU us per delivered tick:"
              + " node %.1f, clients %.1f%n", count, ready[1], ready[2], ticks, perSecond,
          WARMUP_TICKS, 100.0 * delivered / ((double) count * ticks),
          millis(result, "p50"), millis(result, "p99"), millis(result, "max"),
          result.get("seqErrors"), result.get("closed"),
          serverCpu / 1e3 / Math.max(1, delivered),
          Long.parseLong(result.get("cpuMs")) * 1e3 / Math.max(1, delivered));
      System.out.println("  kernel TCP counters grown while measuring (whole machine): "
          + tcpGrowth);
    }
  }

  /** Until every tick arrived, or no more arrived for 2 s, or 120 s passed. */
  private static void awaitDeliveries(ClientProcess clients, long expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long last = -1;
    long lastChange = System.nanoTime();
    while (System.nanoTime() < deadline) {
      clients.send("count");
      long count = Long.parseLong(clients.await("count").substring(6));
      if (count >= expected || System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(2)) {
        return;
      }
      if (count != last) {
        last = count;
        lastChange = System.nanoTime();
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static double millis(Map<String, String> result, String key) {
    return Long.parseLong(result.get(key)) / 1e3;
  }

  /** Pushes distinct prices, each tick timed by the wall clock (the clients measure from it). */
  private void pushTicks(int ticks, long pauseNanos) throws InterruptedException {
    for (int i = 0; i < ticks; i++) {
      BigDecimal price = BASE_PRICE.add(BigDecimal.valueOf(nextPrice.incrementAndGet(), 2));
      push(List.of(new Tick(SYMBOL, price, Instant.now())));
      TimeUnit.NANOSECONDS.sleep(pauseNanos);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private void push(List<Tick> ticks) {
    CompletionStage<PriceFeed.Pushed> pushed = AskPattern.ask(Trading.get(system).feed(),
        replyTo -> new PriceFeed.PushTicks(ticks, replyTo), Duration.ofSeconds(30),
        system.scheduler());
    pushed.toCompletableFuture().join();
  }
}
