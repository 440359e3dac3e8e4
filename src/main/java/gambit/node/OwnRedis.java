package gambit.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis a node starts for itself when no {@code REDIS_URI} is configured: a
 * {@code redis-server} child process on loopback with append-only persistence in
 * {@code <data-dir>/redis}, so stopping and starting the node keeps everything.
 *
 * <p>A lock file in the data folder keeps a second node from starting another Redis on the same
 * files (which would corrupt the append-only file); that node fails at start with a clear message.
 */
public final class OwnRedis implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OwnRedis.class);
  /** Written by redis-server itself; read at the next start to find a leftover server. */
  private static final String PID_FILE = "redis.pid";

  private final RedisServerProcess server;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OwnRedis(RedisServerProcess server, FileChannel lockChannel, FileLock lock) {
    this.server = server;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Locks the data folder, then starts redis-server and waits until it answers. */
  public static OwnRedis start(NodeSettings settings, Set<Integer> nodePorts) {
    Path dataDir = settings.redisDataDir().toAbsolutePath().normalize();
    FileChannel channel = null;
    try {
      Files.createDirectories(dataDir);
      channel = FileChannel.open(dataDir.resolve("node.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IllegalStateException("Redis data folder " + dataDir + " is in use by another"
            + " Gambit node; give this node its own DATA_DIR, or set REDIS_URI to share a Redis");
      }
      stopLeftover(dataDir.resolve(PID_FILE));
      RedisServerProcess.Binary binary = RedisServerProcess.locateBinary(
          settings.redisBinaryDir().toAbsolutePath().normalize());
      int port = settings.embeddedRedisPort() == 0
          ? freePortOtherThan(nodePorts) : settings.embeddedRedisPort();
      RedisServerProcess server = RedisServerProcess.start(binary.path(), "127.0.0.1", port,
          dataDir, Map.of("appendfsync", settings.embeddedRedisAppendfsync(),
              "pidfile", dataDir.resolve(PID_FILE).toString()));
      log.info("Started own Redis: {} ({}) on {}, data in {} (append-only, appendfsync {})",
          binary.path(), binary.source() == RedisServerProcess.Source.PATH
              ? "redis-server on PATH" : "embedded-redis binary",
          server.uri(), dataDir, settings.embeddedRedisAppendfsync());
      OwnRedis own = new OwnRedis(server, channel, lock);
      Runtime.getRuntime().addShutdownHook(new Thread(own::close, "own-redis-shutdown"));
      return own;
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      if (e instanceof IllegalStateException ise) {
        throw ise;
      }
      throw new IllegalStateException("cannot start own Redis in " + dataDir + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * A node killed with SIGKILL leaves its redis-server running on the data folder. The lock is
   * ours now, so that process belongs to no live node: stop it before starting a new one, or
   * two servers would write the same append-only file.
   */
  private static void stopLeftover(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    String text = Files.readString(pidFile).trim();
    Optional<ProcessHandle> leftover = text.matches("\\d{1,10}")
        ? ProcessHandle.of(Long.parseLong(text)) : Optional.empty();
    boolean isRedis = leftover.filter(ProcessHandle::isAlive)
        .flatMap(handle -> handle.info().command())
        .map(command -> command.contains("redis-server"))
        .orElse(false);
    if (isRedis) {
      ProcessHandle process = leftover.get();
      log.warn("A redis-server (pid {}) left by a node that died still runs on {}; stopping it"
          + " before starting a new one", process.pid(), pidFile.getParent());
      process.destroy();
      try {
        process.onExit().get(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
      }
    }
    Files.deleteIfExists(pidFile);
  }

  /**
   * Runs {@code action} when this Redis exits although nobody stopped it (crashed, killed): the
   * node cannot work without it.
   */
  public void onUnexpectedExit(Runnable action) {
    server.onUnexpectedExit(action);
  }

  /** A free loopback port that is none of the ports the node itself will bind. */
  private static int freePortOtherThan(Set<Integer> nodePorts) {
    int port = RedisServerProcess.freePort();
    while (nodePorts.contains(port)) {
      port = RedisServerProcess.freePort();
    }
    return port;
  }

  /** {@code redis://127.0.0.1:<port>} */
  public String uri() {
    return server.uri();
  }

  /** Stops redis-server (it flushes its append-only file) and releases the data folder. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    log.info("Stopping own Redis on {}", server.uri());
    server.close();
    try {
      lock.release();
    } catch (IOException e) {
      log.debug("releasing the data folder lock failed", e);
    }
    closeQuietly(lockChannel);
    log.info("Own Redis stopped; data kept in {}", server.dataDir());
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the lock file failed", e);
    }
  }
}
