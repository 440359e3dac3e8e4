package gambit.persistence.redis;

import akka.serialization.SerializerWithStringManifest;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Event types with serializers of their own, for the journal tests, and their config. */
final class JournalTestPayloads {

  private JournalTestPayloads() {}

  /** Serializer and binding config for the payloads below. */
  static final String SERIALIZATION_CONFIG = """
      akka.actor.serializers {
        journal-test-bytes = "gambit.persistence.redis.JournalTestPayloads$BytesSerializer"
        journal-test-move = "gambit.persistence.redis.JournalTestPayloads$MoveSerializer"
        journal-test-slow = "gambit.persistence.redis.JournalTestPayloads$SlowToReadSerializer"
        journal-test-probe-ref = "gambit.persistence.redis.TestSnapshotSerializer"
      }
      akka.actor.serialization-bindings {
        "gambit.persistence.redis.JournalTestPayloads$Bytes" = journal-test-bytes
        "gambit.persistence.redis.JournalTestPayloads$Move" = journal-test-move
        "gambit.persistence.redis.JournalTestPayloads$SlowToRead" = journal-test-slow
        "gambit.persistence.redis.TestSnapshotSerializer$ProbeRef" = journal-test-probe-ref
      }
      """;

  /** Raw bytes; serialized as themselves, so a test controls exactly what Redis stores. */
  record Bytes(byte[] value) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Bytes" + Arrays.toString(value);
    }
  }

  /** A domain-like event whose serializer uses a manifest to tell versions apart. */
  record Move(String san, int ply) {}

  /**
   * An event that takes a millisecond to deserialize, and whose serializer counts how many
   * deserializations ran at the same time: a replay deserializes inside its callback, so the
   * count shows whether callbacks overlapped.
   */
  record SlowToRead(int value) {}

  /** Writes {@link SlowToRead} as 4 bytes; reading takes 1 ms and is counted. */
  public static final class SlowToReadSerializer extends SerializerWithStringManifest {
    /** Deserializations running now. */
    static final AtomicInteger RUNNING = new AtomicInteger();
    /** The most that ever ran at the same time. */
    static final AtomicInteger MOST_AT_ONCE = new AtomicInteger();

    @Override
    public int identifier() {
      return 7303;
    }

    @Override
    public String manifest(Object o) {
      return "S";
    }

    @Override
    public byte[] toBinary(Object o) {
      return ByteBuffer.allocate(4).putInt(((SlowToRead) o).value()).array();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
      MOST_AT_ONCE.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
      try {
        Thread.sleep(1);
        return new SlowToRead(ByteBuffer.wrap(bytes).getInt());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        RUNNING.decrementAndGet();
      }
    }
  }

  /** No serializer is bound to this class. */
  static final class Unserializable {
    @Override
    public String toString() {
      return "Unserializable";
    }
  }

  /** Writes {@link Bytes} as they are. */
  public static final class BytesSerializer extends SerializerWithStringManifest {
    @Override
    public int identifier() {
      return 7301;
    }

    @Override
    public String manifest(Object o) {
      return "B";
    }

    @Override
    public byte[] toBinary(Object o) {
      return ((Bytes) o).value();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
      if (!manifest.equals("B")) {
        throw new NotSerializableException("unknown manifest " + manifest);
      }
      return new Bytes(bytes);
    }
  }

  /** Writes {@link Move} as ply (4 bytes) + SAN, manifest "move-v2"; fails on other manifests. */
  public static final class MoveSerializer extends SerializerWithStringManifest {
    @Override
    public int identifier() {
      return 7302;
    }

    @Override
    public String manifest(Object o) {
      return "move-v2";
    }

    @Override
    public byte[] toBinary(Object o) {
      Move move = (Move) o;
      byte[] san = move.san().getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(4 + san.length).putInt(move.ply()).put(san).array();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
      if (!manifest.equals("move-v2")) {
        throw new NotSerializableException("unknown manifest " + manifest);
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      int ply = buffer.getInt();
      return new Move(StandardCharsets.UTF_8.decode(buffer).toString(), ply);
    }
  }
}
