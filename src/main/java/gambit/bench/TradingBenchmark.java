package gambit.bench;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import gambit.auth.AuthService;
import gambit.trading.PriceFeed;
import gambit.trading.Tick;
import gambit.trading.Trading;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
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
 * clients in the same JVM, so clients and node share the CPUs (the figures are a floor).
 *
 * <ol>
 *   <li>Orders: {@code --order-clients} users each send market orders over HTTP in a closed loop
 *       (a new Idempotency-Key each) for {@code --duration} after a warm-up; printed: orders per
 *       second and latency percentiles.
 *   <li>Tick fan-out, for each count of {@code --sockets}: that many {@code /ws/market} sockets
 *       watch one instrument; {@code --ticks} ticks are pushed into the price feed at
 *       {@code --tick-rate} per second; printed: the latency from the push to each socket's
 *       receipt (percentiles over every delivered tick) and the share delivered (ticks a slow
 *       socket skipped by conflation are not delivered, by design).
 * </ol>
 *
 * Usage: {@code java -cp gambit.jar gambit.bench.TradingBenchmark [--sockets 1000,5000]
 * [--ticks 50] [--tick-rate 5] [--order-clients 8] [--duration 10s] [--redis-uri URI]}.
 * Each socket holds two file descriptors in this process (client and server side), so
 * {@code ulimit -n} bounds {@code --sockets}.
 */
public final class TradingBenchmark {

  private static final String SYMBOL = "BTC-USD";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10)).build();

  private final ActorSystem<Void> system;
  private final int port;
  private final AuthService auth;

  private TradingBenchmark(ActorSystem<Void> system, int port, AuthService auth) {
    this.system = system;
    this.port = port;
    this.auth = auth;
  }

  /** Runs the benchmark; see the class comment for the options. */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    try (BenchNode node = BenchNode.start(options.get("redis-uri"),
        "gambit.trading.feed.simulator.enabled = off",
        system -> Trading.get(system).start(Clock.systemUTC()))) {
      TradingBenchmark bench = new TradingBenchmark(node.system(), node.port(), node.auth());
      System.out.println("Trading benchmark on " + Environment.machine());
      System.out.println("JVM: " + Environment.jvm() + "; load average before: "
          + Environment.loadAverage());
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
    Map<String, Long> pushedAt = new ConcurrentHashMap<>();
    Recorder latencies = new Recorder(3);
    AtomicLong delivered = new AtomicLong();
    AtomicLong ready = new AtomicLong();
    List<WebSocket> sockets = new ArrayList<>(count);
    URI uri = URI.create("ws://127.0.0.1:" + port + "/ws/market?symbols=" + SYMBOL);
    for (int i = 0; i < count; i++) {
      sockets.add(HTTP.newWebSocketBuilder().buildAsync(uri,
          new Receiver(pushedAt, latencies, delivered, ready)).get(30, TimeUnit.SECONDS));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ready.get() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    long pause = (long) (1e9 / perSecond);
    BigDecimal base = new BigDecimal("60000.00");
    for (int i = 1; i <= ticks; i++) {
      BigDecimal price = base.add(BigDecimal.valueOf(i, 2));
      pushedAt.put(price.toPlainString(), System.nanoTime());
      push(List.of(new Tick(SYMBOL, price, Instant.now())));
      TimeUnit.NANOSECONDS.sleep(pause);
    }
    TimeUnit.SECONDS.sleep(2);
    Histogram histogram = latencies.getIntervalHistogram();
    System.out.printf("Tick fan-out to %d sockets (%d ready), %d ticks at %.1f/s: delivered"
            + " %.1f%%, latency ms p50 %.1f p99 %.1f max %.1f%n", count, ready.get(), ticks,
        perSecond, 100.0 * delivered.get() / ((double) count * ticks),
        histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(99) / 1e6,
        histogram.getMaxValue() / 1e6);
    for (WebSocket socket : sockets) {
      socket.abort();
    }
  }

  private void push(List<Tick> ticks) {
    CompletionStage<PriceFeed.Pushed> pushed = AskPattern.ask(Trading.get(system).feed(),
        replyTo -> new PriceFeed.PushTicks(ticks, replyTo), Duration.ofSeconds(30),
        system.scheduler());
    pushed.toCompletableFuture().join();
  }

  /**
   * Records the latency of each tick by its price (every pushed price is distinct); the first
   * message (the last price before the run) marks the socket ready.
   */
  private static final class Receiver implements WebSocket.Listener {
    private final Map<String, Long> pushedAt;
    private final Recorder latencies;
    private final AtomicLong delivered;
    private final AtomicLong ready;
    private final StringBuilder partial = new StringBuilder();
    private boolean first = true;

    Receiver(Map<String, Long> pushedAt, Recorder latencies, AtomicLong delivered,
        AtomicLong ready) {
      this.pushedAt = pushedAt;
      this.latencies = latencies;
      this.delivered = delivered;
      this.ready = ready;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (first) {
          first = false;
          ready.incrementAndGet();
        } else {
          record(text, now);
        }
      }
      socket.request(1);
      return null;
    }

    private void record(String text, long now) {
      int at = text.indexOf("\"price\":\"");
      if (at < 0) {
        return;
      }
      String price = text.substring(at + 9, text.indexOf('"', at + 9));
      Long pushed = pushedAt.get(price);
      if (pushed != null) {
        latencies.recordValue(Math.max(0, now - pushed));
        delivered.incrementAndGet();
      }
    }
  }
}
