package gambit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The WebSocket clients of the tick fan-out benchmark, as a process of their own (started by
 * {@link TradingBenchmark}): N connections to {@code /ws/market} on one NIO selector thread,
 * with no more work per message than finding its {@code seq}, {@code type} and {@code time}.
 *
 * <p>Why a process and a hand-written client: in the node's JVM, the JDK's
 * {@code java.net.http} WebSocket kept about 50 KiB of heap per socket (which made the node's
 * young collections take 100-400 ms) and put both file descriptors of every socket under the
 * one process' {@code ulimit -n}.
 *
 * <p>Latency of a tick = the wall clock at its receipt minus the tick's {@code time}, which the
 * benchmark sets to the wall clock when it pushes the tick into the feed (same machine, same
 * clock). The tick's time is kept to the millisecond, so a figure reads up to 1 ms high.
 *
 * <p>Talks to its parent in lines. Out: {@code ready <ready> <failed>} once every socket got its
 * first message (or failed), {@code started}, {@code count <n>} and
 * {@code result key=value ...}. In: {@code start <epoch ms>} (reset the figures; measure ticks
 * dated from then on), {@code count} (measured ticks received so far), {@code stop} (report),
 * {@code exit} or the end of input (close everything). Failures go to standard error.
 */
public final class FanOutClients {

  private static final int MAX_HANDSHAKES = 64;
  private static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);
  private static final byte[] TIME = "\"time\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TICK = "\"type\":\"tick\"".getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress server;
  private final String path;
  private final int sockets;
  private final PrintStream out;
  private final Selector selector;
  private final ConcurrentLinkedQueue<String> commands = new ConcurrentLinkedQueue<>();
  private final List<Connection> connections = new ArrayList<>();
  private final Map<String, Instant> parsedTimes = new ConcurrentHashMap<>();
  private final Histogram latencies = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
  private int opened;
  private int handshaking;
  private int ready;
  private int failed;
  private boolean readyReported;
  private long delivered;
  private long seqErrors;
  private long closed;
  private long cpuAtStart;
  /** Ticks dated before this (epoch ms) are warm-up ticks: received, not measured. */
  private long measuredFrom = Long.MAX_VALUE;

  FanOutClients(InetSocketAddress server, String path, int sockets, PrintStream out)
      throws IOException {
    this.server = server;
    this.path = path;
    this.sockets = sockets;
    this.out = out;
    this.selector = Selector.open();
  }

  /**
   * {@code --port P --sockets N [--path /ws/market?symbols=BTC-USD]}; the server is always on
   * 127.0.0.1.
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> options = new ConcurrentHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    FanOutClients clients = new FanOutClients(
        new InetSocketAddress("127.0.0.1", Integer.parseInt(options.get("port"))),
        options.getOrDefault("path", "/ws/market?symbols=BTC-USD"),
        Integer.parseInt(options.get("sockets")), System.out);
    Thread input = new Thread(clients::readCommands, "commands");
    input.setDaemon(true);
    input.start();
    clients.run();
    System.exit(0);
  }

  private void readCommands() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line.strip());
        selector.wakeup();
      }
    } catch (IOException e) {
      System.err.println("fan-out clients: reading commands failed: " + e);
    }
    commands.add("exit");
    selector.wakeup();
  }

  // ---------------------------------------------------------------- the selector loop

  void run() throws IOException {
    long started = System.nanoTime();
    openMore();
    while (true) {
      selector.select(100);
      for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
        SelectionKey key = keys.next();
        keys.remove();
        handle(key);
      }
      openMore();
      if (!readyReported && (ready + failed == sockets
          || System.nanoTime() - started > CONNECT_TIMEOUT_NANOS)) {
        readyReported = true;
        out.println("ready " + ready + " " + failed);
        out.flush();
      }
      String command;
      while ((command = commands.poll()) != null) {
        if (!command(command)) {
          closeAll();
          return;
        }
      }
    }
  }

  private void openMore() throws IOException {
    while (opened < sockets && handshaking < MAX_HANDSHAKES) {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Connection connection = new Connection(channel);
      connections.add(connection);
      opened++;
      handshaking++;
      if (channel.connect(server)) {
        connection.connected();
      } else {
        channel.register(selector, SelectionKey.OP_CONNECT, connection);
      }
    }
  }

  private void handle(SelectionKey key) {
    Connection connection = (Connection) key.attachment();
    try {
      if (key.isConnectable() && key.channel().isOpen()) {
        ((SocketChannel) key.channel()).finishConnect();
        connection.connected();
      } else if (key.isReadable()) {
        connection.readable();
      }
    } catch (IOException | RuntimeException e) {
      connection.fail(e);
    }
  }

  private boolean command(String command) {
    String[] words = command.split(" ");
    switch (words[0]) {
      case "start" -> {
        measuredFrom = Long.parseLong(words[1]);
        latencies.reset();
        delivered = 0;
        seqErrors = 0;
        cpuAtStart = cpuNanos();
        out.println("started");
      }
      case "count" -> out.println("count " + delivered);
      case "stop" -> out.println("result delivered=" + delivered
          + " p50=" + latencies.getValueAtPercentile(50)
          + " p99=" + latencies.getValueAtPercentile(99)
          + " max=" + latencies.getMaxValue()
          + " seqErrors=" + seqErrors + " closed=" + closed
          + " cpuMs=" + (cpuNanos() - cpuAtStart) / 1_000_000);
      case "exit" -> {
        return false;
      }
      default -> System.err.println("fan-out clients: unknown command " + command);
    }
    out.flush();
    return true;
  }

  private void closeAll() {
    for (Connection connection : connections) {
      try {
        connection.channel.close();
      } catch (IOException e) {
        // closing at exit: nothing left to do with a failure
      }
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  // ---------------------------------------------------------------- messages

  /** One message of a socket: the first one marks it ready, ticks are measured. */
  private void received(Connection connection, ByteBuffer text) {
    long seq = number(text, SEQ);
    if (seq != connection.lastSeq + 1) {
      seqErrors++;
    }
    connection.lastSeq = seq;
    if (!connection.ready) {
      connection.ready = true;
      handshaking--;
      ready++;
      return;
    }
    if (indexOf(text, TICK, 0) < 0) {
      return;
    }
    Instant time = tickTime(text);
    if (time != null && time.toEpochMilli() >= measuredFrom) {
      Instant now = Instant.now();
      long micros = TimeUnit.SECONDS.toMicros(now.getEpochSecond() - time.getEpochSecond())
          + (now.getNano() - time.getNano()) / 1000;
      latencies.recordValue(Math.max(0, Math.min(micros, latencies.getHighestTrackableValue())));
      delivered++;
    }
  }

  /** The tick's {@code time}; parsed once per distinct text (every socket gets the same). */
  private Instant tickTime(ByteBuffer text) {
    int at = indexOf(text, TIME, 0);
    if (at < 0) {
      return null;
    }
    int from = at + TIME.length;
    int to = from;
    while (to < text.limit() && text.get(to) != '"') {
      to++;
    }
    byte[] bytes = new byte[to - from];
    text.get(from, bytes);
    String value = new String(bytes, StandardCharsets.US_ASCII);
    return parsedTimes.computeIfAbsent(value, Instant::parse);
  }

  /** The unsigned integer after {@code name} in the message, or -1. */
  static long number(ByteBuffer text, byte[] name) {
    int at = indexOf(text, name, 0);
    if (at < 0) {
      return -1;
    }
    long value = 0;
    for (int i = at + name.length; i < text.limit(); i++) {
      int digit = text.get(i) - '0';
      if (digit < 0 || digit > 9) {
        break;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /** The absolute index of {@code pattern} in {@code text} at or after {@code from}, or -1. */
  static int indexOf(ByteBuffer text, byte[] pattern, int from) {
    int last = text.limit() - pattern.length;
    outer:
    for (int i = Math.max(from, text.position()); i <= last; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (text.get(i + j) != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** One client socket: the upgrade, then frames. Used on the selector thread only. */
  private final class Connection {
    private final SocketChannel channel;
    private ByteBuffer in = ByteBuffer.allocate(2048);
    private final WebSocketFrames frames = new WebSocketFrames(this::message);
    private boolean upgraded;
    private boolean ready;
    private long lastSeq;

    Connection(SocketChannel channel) {
      this.channel = channel;
    }

    void connected() throws IOException {
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String request = "GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":"
          + server.getPort() + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
          + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
      ByteBuffer bytes = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
      while (bytes.hasRemaining()) {
        channel.write(bytes); // a few hundred bytes into an empty socket buffer
      }
      channel.register(selector, SelectionKey.OP_READ, this);
    }

    void readable() throws IOException {
      int read = channel.read(in);
      if (read < 0) {
        fail(new IOException("closed by the server"));
        return;
      }
      in.flip();
      if (!upgraded && !upgrade()) {
        in.compact();
        return;
      }
      frames.read(in);
      in.compact();
      if (!in.hasRemaining()) {
        ByteBuffer larger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        in = larger.put(in);
      }
    }

    /** Consumes the HTTP answer once it is complete; false while it is not. */
    private boolean upgrade() throws IOException {
      int end = indexOf(in, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
      if (end < 0) {
        return false;
      }
      byte[] head = new byte[end - in.position()];
      in.get(head);
      in.position(end + 4);
      String status = new String(head, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
      if (!status.startsWith("HTTP/1.1 101")) {
        throw new IOException("upgrade refused: " + status);
      }
      upgraded = true;
      return true;
    }

    private void message(int opcode, ByteBuffer payload) {
      if (opcode == WebSocketFrames.OP_TEXT) {
        received(this, payload);
      } else if (opcode == WebSocketFrames.OP_PING) {
        byte[] data = new byte[payload.remaining()];
        payload.get(data);
        write(WebSocketFrames.clientFrame(WebSocketFrames.OP_PONG, data,
            ThreadLocalRandom.current().nextInt()));
      } else if (opcode == WebSocketFrames.OP_CLOSE) {
        fail(new IOException("the server closed the WebSocket"));
      }
    }

    private void write(ByteBuffer frame) {
      try {
        channel.write(frame);
      } catch (IOException e) {
        fail(e);
      }
    }

    void fail(Exception cause) {
      if (!channel.isOpen()) {
        return;
      }
      try {
        channel.close();
      } catch (IOException e) {
        // already failing
      }
      if (!ready) {
        handshaking--;
        failed++;
        System.err.println("fan-out clients: a socket failed before its first message: "
            + cause);
      } else if (++closed <= 3) {
        System.err.println("fan-out clients: a ready socket closed: " + cause);
      }
    }
  }
}
