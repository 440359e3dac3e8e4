package gambit.persistence.redis;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One journal event as the journal stores it: the member of the persistence id's events sorted
 * set. The format is the plugin's own, independent of Akka's internal message formats, so it can
 * be read by the read journal and by tools.
 *
 * <p>Format version 1, big-endian; {@code str} is an {@code int} byte
 * length followed by UTF-8, {@code bytes} is an {@code int} length followed by raw bytes:
 *
 * <pre>
 * byte   format version, 1
 * long   sequence number
 * str    writer UUID (the persistent actor incarnation that wrote it)
 * str    PersistentRepr manifest (set by event adapters, usually "")
 * long   timestamp, epoch milliseconds
 * int    payload serializer id          } the event, serialized by Akka Serialization;
 * str    payload serializer manifest    } a Tagged wrapper is removed first, its tags
 * bytes  payload                        } are stored below
 * int    tag count, then count x str    sorted tags
 * byte   0 = no metadata, 1 = metadata follows as int serializer id, str manifest, bytes
 * </pre>
 *
 * The sequence number comes first after the version, so records of one id compare in sequence
 * order byte-wise too. Payload bytes are opaque: any byte values (NUL, CR LF, invalid UTF-8)
 * round-trip. Immutable; the byte arrays are not copied, callers must not modify them.
 *
 * @param sequenceNr the event's sequence number, at least 1
 * @param writerUuid the writer UUID, never null
 * @param manifest the PersistentRepr manifest, never null (may be empty)
 * @param timestamp epoch milliseconds when the journal received the event (or the one the
 *     writer set)
 * @param payload the serialized event
 * @param tags the event's tags, sorted, never null
 * @param metadata the serialized PersistentRepr metadata, if the event had any
 */
public record JournalRecord(
    long sequenceNr,
    String writerUuid,
    String manifest,
    long timestamp,
    Payload payload,
    List<String> tags,
    Optional<Payload> metadata) {

  /** The format version {@link #encode()} writes and {@link #decode} reads. */
  public static final byte FORMAT_VERSION = 1;

  public JournalRecord {
    Objects.requireNonNull(writerUuid, "writerUuid");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(payload, "payload");
    tags = sorted(tags);
    Objects.requireNonNull(metadata, "metadata");
  }

  /** Most events have no tag or one: those need neither a copy nor a sort. */
  private static List<String> sorted(List<String> tags) {
    if (tags.isEmpty()) {
      return List.of();
    }
    if (tags.size() == 1) {
      return List.of(tags.get(0));
    }
    return tags.stream().sorted().toList();
  }

  /**
   * Bytes serialized by an Akka serializer, with what is needed to deserialize them.
   *
   * @param serializerId the serializer's identifier
   * @param serializerManifest the serializer's manifest for the object, never null
   * @param bytes the serialized form, never null
   */
  public record Payload(int serializerId, String serializerManifest, byte[] bytes) {
    public Payload {
      Objects.requireNonNull(serializerManifest, "serializerManifest");
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /**
   * The stored form of this record. The size is computed first, so the record is written once
   * into an array of exactly that size.
   */
  public byte[] encode() {
    byte[] writer = utf8(writerUuid);
    byte[] reprManifest = utf8(manifest);
    byte[] payloadManifest = utf8(payload.serializerManifest());
    byte[][] tagBytes = new byte[tags.size()][];
    int size = 1 + 8 + 4 + writer.length + 4 + reprManifest.length + 8
        + payloadSize(payload, payloadManifest) + 4 + 1;
    for (int i = 0; i < tagBytes.length; i++) {
      tagBytes[i] = utf8(tags.get(i));
      size += 4 + tagBytes[i].length;
    }
    byte[] metadataManifest = metadata.isPresent() ? utf8(metadata.get().serializerManifest())
        : null;
    if (metadataManifest != null) {
      size += payloadSize(metadata.get(), metadataManifest);
    }

    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(FORMAT_VERSION).putLong(sequenceNr);
    putBytes(out, writer);
    putBytes(out, reprManifest);
    out.putLong(timestamp);
    putPayload(out, payload, payloadManifest);
    out.putInt(tagBytes.length);
    for (byte[] tag : tagBytes) {
      putBytes(out, tag);
    }
    out.put((byte) (metadataManifest != null ? 1 : 0));
    if (metadataManifest != null) {
      putPayload(out, metadata.get(), metadataManifest);
    }
    return out.array();
  }

  /**
   * Reads a stored record.
   *
   * @throws IllegalArgumentException when the bytes are not a record of a known format version
   */
  public static JournalRecord decode(byte[] stored) {
    ByteBuffer in = ByteBuffer.wrap(stored);
    try {
      checkVersion(in.get());
      JournalRecord record = new JournalRecord(in.getLong(), readString(in), readString(in),
          in.getLong(), readPayload(in), readTags(in), readMetadata(in));
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("journal record has " + in.remaining()
            + " unexpected trailing bytes");
      }
      return record;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("journal record is truncated (" + stored.length
          + " bytes)", e);
    }
  }

  /**
   * The sequence number of a stored record, read without decoding the rest (it follows the
   * version byte), e.g. to know where the next replay read starts before a chunk is decoded.
   *
   * @throws IllegalArgumentException when the bytes do not start like a record of a known
   *     format version
   */
  public static long sequenceNrOf(byte[] stored) {
    if (stored.length < 9) {
      throw new IllegalArgumentException("journal record is truncated (" + stored.length
          + " bytes)");
    }
    ByteBuffer in = ByteBuffer.wrap(stored);
    checkVersion(in.get());
    return in.getLong();
  }

  private static void checkVersion(byte version) {
    if (version != FORMAT_VERSION) {
      throw new IllegalArgumentException("journal record has format version " + version
          + ", this plugin reads version " + FORMAT_VERSION + " (written by a newer plugin?)");
    }
  }

  private static int payloadSize(Payload payload, byte[] manifest) {
    return 4 + 4 + manifest.length + 4 + payload.bytes().length;
  }

  private static void putPayload(ByteBuffer out, Payload payload, byte[] manifest) {
    out.putInt(payload.serializerId());
    putBytes(out, manifest);
    putBytes(out, payload.bytes());
  }

  private static Payload readPayload(ByteBuffer in) {
    return new Payload(in.getInt(), readString(in), readBytes(in));
  }

  private static List<String> readTags(ByteBuffer in) {
    int count = readLength(in);
    if (count == 0) {
      return List.of();
    }
    List<String> tags = new ArrayList<>(Math.min(count, 64));
    for (int i = 0; i < count; i++) {
      tags.add(readString(in));
    }
    return tags;
  }

  private static Optional<Payload> readMetadata(ByteBuffer in) {
    byte present = in.get();
    return switch (present) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(readPayload(in));
      default -> throw new IllegalArgumentException("journal record has metadata flag " + present);
    };
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static void putBytes(ByteBuffer out, byte[] bytes) {
    out.putInt(bytes.length);
    out.put(bytes);
  }

  /** Decodes in place, without copying the bytes first. */
  private static String readString(ByteBuffer in) {
    int length = readLength(in);
    if (length == 0) {
      return "";
    }
    String value = new String(in.array(), in.arrayOffset() + in.position(), length,
        StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return value;
  }

  private static byte[] readBytes(ByteBuffer in) {
    byte[] bytes = new byte[readLength(in)];
    in.get(bytes);
    return bytes;
  }

  /** A length, checked against what is left, so a corrupt length cannot allocate gigabytes. */
  private static int readLength(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("journal record has a bad length " + length + " ("
          + in.remaining() + " bytes left)");
    }
    return length;
  }
}
