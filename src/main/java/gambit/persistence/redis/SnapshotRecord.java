package gambit.persistence.redis;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * One stored snapshot as the snapshot store writes it into Redis: the value of a field of the
 * {@code <prefix>:s:{<id>}:data} hash (see {@link KeySpace}). The persistence id is not stored in
 * the record; it is in the key.
 *
 * <p>Binary layout, big-endian, version 1:
 *
 * <pre>
 * byte    format version (1)
 * long    sequence number
 * long    timestamp, milliseconds since the epoch (set by Akka when the snapshot was saved)
 * byte    flags: bit 0 = SnapshotMetadata.metadata is present
 * value   the snapshot
 * value   the metadata, only when bit 0 of flags is set
 * int     CRC-32 of every byte before it
 *
 * value = int serializer id, int manifest length, manifest (UTF-8), int byte count, bytes
 * </pre>
 *
 * A reader refuses an unknown version, a bad checksum, negative or overlong lengths and trailing
 * bytes, so a damaged record is reported as {@link CorruptSnapshotException} instead of being
 * handed to a serializer. Immutable; the byte arrays are not copied, callers must not change them.
 *
 * @param sequenceNr the snapshot's sequence number
 * @param timestamp when it was saved, in epoch milliseconds
 * @param snapshot the serialized snapshot
 * @param metadata the serialized {@code SnapshotMetadata.metadata}, if the snapshot had one
 */
record SnapshotRecord(
    long sequenceNr, long timestamp, SerializedValue snapshot, Optional<SerializedValue> metadata) {

  /** The format version this class writes (and the only one it reads). */
  static final byte FORMAT_VERSION = 1;

  private static final int FLAG_METADATA = 1;
  private static final int HEADER_BYTES = 1 + 8 + 8 + 1;
  private static final int CRC_BYTES = 4;

  SnapshotRecord {
    if (snapshot == null || metadata == null) {
      throw new IllegalArgumentException("snapshot and metadata must not be null");
    }
  }

  /**
   * A value as Akka serialization produced it.
   *
   * @param serializerId {@code akka.serialization.Serializer.identifier()}
   * @param manifest the serializer's manifest, empty when it has none
   * @param bytes the serialized form
   */
  record SerializedValue(int serializerId, String manifest, byte[] bytes) {

    SerializedValue {
      if (manifest == null || bytes == null) {
        throw new IllegalArgumentException("manifest and bytes must not be null");
      }
    }

    private int encodedSize() {
      return 4 + 4 + manifest.getBytes(StandardCharsets.UTF_8).length + 4 + bytes.length;
    }
  }

  /** Thrown when stored bytes are not a readable snapshot record. */
  static final class CorruptSnapshotException extends RuntimeException {
    CorruptSnapshotException(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- writing

  /** The record's bytes. */
  byte[] toBytes() {
    int size = HEADER_BYTES + snapshot.encodedSize()
        + metadata.map(SerializedValue::encodedSize).orElse(0) + CRC_BYTES;
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(FORMAT_VERSION).putLong(sequenceNr).putLong(timestamp);
    out.put((byte) (metadata.isPresent() ? FLAG_METADATA : 0));
    putValue(out, snapshot);
    metadata.ifPresent(value -> putValue(out, value));
    out.putInt(crc(out.array(), out.position()));
    return out.array();
  }

  private static void putValue(ByteBuffer out, SerializedValue value) {
    byte[] manifest = value.manifest().getBytes(StandardCharsets.UTF_8);
    out.putInt(value.serializerId());
    out.putInt(manifest.length).put(manifest);
    out.putInt(value.bytes().length).put(value.bytes());
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads a record.
   *
   * @throws CorruptSnapshotException when the bytes are not a complete version-1 record
   */
  static SnapshotRecord fromBytes(byte[] bytes) {
    if (bytes.length < HEADER_BYTES + CRC_BYTES) {
      throw new CorruptSnapshotException("snapshot record too short: " + bytes.length + " bytes");
    }
    if (bytes[0] != FORMAT_VERSION) {
      throw new CorruptSnapshotException("unknown snapshot record format version " + bytes[0]);
    }
    int body = bytes.length - CRC_BYTES;
    if (ByteBuffer.wrap(bytes, body, CRC_BYTES).getInt() != crc(bytes, body)) {
      throw new CorruptSnapshotException("snapshot record checksum mismatch");
    }
    try {
      return parse(ByteBuffer.wrap(bytes, 1, body - 1));
    } catch (BufferUnderflowException e) {
      throw new CorruptSnapshotException("snapshot record truncated");
    }
  }

  private static SnapshotRecord parse(ByteBuffer in) {
    long sequenceNr = in.getLong();
    long timestamp = in.getLong();
    int flags = in.get();
    if ((flags & ~FLAG_METADATA) != 0) {
      throw new CorruptSnapshotException("snapshot record has unknown flags " + flags);
    }
    SerializedValue snapshot = getValue(in);
    Optional<SerializedValue> metadata =
        (flags & FLAG_METADATA) != 0 ? Optional.of(getValue(in)) : Optional.empty();
    if (in.hasRemaining()) {
      throw new CorruptSnapshotException(
          "snapshot record has " + in.remaining() + " unexpected trailing bytes");
    }
    return new SnapshotRecord(sequenceNr, timestamp, snapshot, metadata);
  }

  private static SerializedValue getValue(ByteBuffer in) {
    int serializerId = in.getInt();
    String manifest = utf8(getBytes(in));
    return new SerializedValue(serializerId, manifest, getBytes(in));
  }

  private static byte[] getBytes(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new CorruptSnapshotException("snapshot record has a bad length field: " + length);
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CorruptSnapshotException("snapshot record manifest is not UTF-8");
    }
  }

  private static int crc(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }
}
