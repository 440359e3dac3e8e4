package gambit.persistence.redis;

import akka.serialization.SerializerWithStringManifest;
import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Event types with serializers of their own, for the journal tests, and their config. */
final class JournalTestPayloads {

  private JournalTestPayloads() {}

  /** Serializer and binding config for the payloads below. */
  static final String SERIALIZATION_CONFIG = """
      akka.actor.serializers {
        journal-test-bytes = "gambit.persistence.redis.JournalTestPayloads$BytesSerializer"
        journal-test-move = "gambit.persistence.redis.JournalTestPayloads$MoveSerializer"
      }
      akka.actor.serialization-bindings {
        "gambit.persistence.redis.JournalTestPayloads$Bytes" = journal-test-bytes
        "gambit.persistence.redis.JournalTestPayloads$Move" = journal-test-move
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
