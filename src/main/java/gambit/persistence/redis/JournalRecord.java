package gambit.persistence.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p>Format version 1, big-endian ({@link DataOutputStream}); {@code str} is an {@code int} byte
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
    tags = tags.stream().sorted().toList();
    Objects.requireNonNull(metadata, "metadata");
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

  /** The stored form of this record. */
  public byte[] encode() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + payload.bytes().length);
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeByte(FORMAT_VERSION);
      out.writeLong(sequenceNr);
      writeString(out, writerUuid);
      writeString(out, manifest);
      out.writeLong(timestamp);
      writePayload(out, payload);
      out.writeInt(tags.size());
      for (String tag : tags) {
        writeString(out, tag);
      }
      out.writeByte(metadata.isPresent() ? 1 : 0);
      if (metadata.isPresent()) {
        writePayload(out, metadata.get());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array stream cannot fail", e);
    }
    return buffer.toByteArray();
  }

  /**
   * Reads a stored record.
   *
   * @throws IllegalArgumentException when the bytes are not a record of a known format version
   */
  public static JournalRecord decode(byte[] stored) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      byte version = in.readByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException("journal record has format version " + version
            + ", this plugin reads version " + FORMAT_VERSION + " (written by a newer plugin?)");
      }
      JournalRecord record = new JournalRecord(in.readLong(), readString(in), readString(in),
          in.readLong(), readPayload(in), readTags(in), readMetadata(in));
      if (in.available() > 0) {
        throw new IllegalArgumentException("journal record has " + in.available()
            + " unexpected trailing bytes");
      }
      return record;
    } catch (EOFException e) {
      throw new IllegalArgumentException("journal record is truncated (" + stored.length
          + " bytes)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("journal record is unreadable: " + e.getMessage(), e);
    }
  }

  private static void writePayload(DataOutputStream out, Payload payload) throws IOException {
    out.writeInt(payload.serializerId());
    writeString(out, payload.serializerManifest());
    writeBytes(out, payload.bytes());
  }

  private static Payload readPayload(DataInputStream in) throws IOException {
    return new Payload(in.readInt(), readString(in), readBytes(in));
  }

  private static List<String> readTags(DataInputStream in) throws IOException {
    int count = readLength(in);
    List<String> tags = new ArrayList<>(Math.min(count, 64));
    for (int i = 0; i < count; i++) {
      tags.add(readString(in));
    }
    return tags;
  }

  private static Optional<Payload> readMetadata(DataInputStream in) throws IOException {
    byte present = in.readByte();
    return switch (present) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(readPayload(in));
      default -> throw new IllegalArgumentException("journal record has metadata flag " + present);
    };
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    writeBytes(out, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    byte[] bytes = new byte[readLength(in)];
    in.readFully(bytes);
    return bytes;
  }

  /** A length, checked against what is left, so a corrupt length cannot allocate gigabytes. */
  private static int readLength(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IllegalArgumentException("journal record has a bad length " + length + " ("
          + in.available() + " bytes left)");
    }
    return length;
  }
}
