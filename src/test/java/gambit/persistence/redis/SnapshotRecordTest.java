package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.persistence.redis.SnapshotRecord.CorruptSnapshotException;
import gambit.persistence.redis.SnapshotRecord.SerializedValue;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The binary snapshot record on its own: every field survives, damage is always detected. */
class SnapshotRecordTest {

  private static final SerializedValue SNAPSHOT =
      new SerializedValue(424242, "manifest-ä", new byte[] {0, 1, '\r', '\n', -1, -128});
  private static final SerializedValue METADATA = new SerializedValue(20, "", new byte[] {'m'});

  @Test
  void roundTripsEveryFieldWithMetadata() {
    SnapshotRecord record =
        new SnapshotRecord(Long.MAX_VALUE, 1_700_000_000_123L, SNAPSHOT, Optional.of(METADATA));

    SnapshotRecord read = SnapshotRecord.fromBytes(record.toBytes());

    assertEquals(Long.MAX_VALUE, read.sequenceNr());
    assertEquals(1_700_000_000_123L, read.timestamp());
    assertValue(SNAPSHOT, read.snapshot());
    assertValue(METADATA, read.metadata().orElseThrow());
  }

  @Test
  void roundTripsARecordWithoutMetadataAndWithAnEmptySnapshot() {
    SerializedValue empty = new SerializedValue(4, "", new byte[0]);

    SnapshotRecord read =
        SnapshotRecord.fromBytes(new SnapshotRecord(0, 0, empty, Optional.empty()).toBytes());

    assertValue(empty, read.snapshot());
    assertTrue(read.metadata().isEmpty());
  }

  @Test
  void startsWithTheFormatVersion() {
    byte[] bytes = new SnapshotRecord(1, 2, SNAPSHOT, Optional.empty()).toBytes();

    assertEquals(SnapshotRecord.FORMAT_VERSION, bytes[0]);
  }

  @Test
  void detectsAnySingleFlippedByte() {
    byte[] bytes = new SnapshotRecord(7, 8, SNAPSHOT, Optional.of(METADATA)).toBytes();

    for (int i = 0; i < bytes.length; i++) {
      byte[] damaged = bytes.clone();
      damaged[i] ^= 0x01;
      assertThrows(CorruptSnapshotException.class, () -> SnapshotRecord.fromBytes(damaged),
          "flipped byte " + i);
    }
  }

  @Test
  void rejectsATruncatedRecord() {
    byte[] bytes = new SnapshotRecord(7, 8, SNAPSHOT, Optional.empty()).toBytes();

    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThrows(CorruptSnapshotException.class, () -> SnapshotRecord.fromBytes(truncated),
          "length " + length);
    }
  }

  @Test
  void rejectsAnUnknownFormatVersion() {
    byte[] bytes = new SnapshotRecord(7, 8, SNAPSHOT, Optional.empty()).toBytes();
    bytes[0] = 2;

    CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
        () -> SnapshotRecord.fromBytes(withCrc(bytes)));
    assertEquals("unknown snapshot record format version 2", e.getMessage());
  }

  @Test
  void rejectsALengthFieldPointingPastTheEndEvenWithAValidChecksum() {
    byte[] bytes = new SnapshotRecord(7, 8, SNAPSHOT, Optional.empty()).toBytes();
    int manifestLengthAt = 1 + 8 + 8 + 1 + 4;
    ByteBuffer.wrap(bytes).putInt(manifestLengthAt, 1_000_000);

    CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
        () -> SnapshotRecord.fromBytes(withCrc(bytes)));
    assertEquals("snapshot record has a bad length field: 1000000", e.getMessage());
  }

  @Test
  void rejectsTrailingBytesEvenWithAValidChecksum() {
    byte[] bytes = new SnapshotRecord(7, 8, SNAPSHOT, Optional.empty()).toBytes();
    byte[] longer = new byte[bytes.length + 3];
    System.arraycopy(bytes, 0, longer, 0, bytes.length - 4);

    CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
        () -> SnapshotRecord.fromBytes(withCrc(longer)));
    assertEquals("snapshot record has 3 unexpected trailing bytes", e.getMessage());
  }

  @Test
  void rejectsUnknownFlags() {
    byte[] bytes = new SnapshotRecord(7, 8, SNAPSHOT, Optional.empty()).toBytes();
    bytes[1 + 8 + 8] = 0x02;

    assertThrows(CorruptSnapshotException.class, () -> SnapshotRecord.fromBytes(withCrc(bytes)));
  }

  /** Rewrites the trailing CRC-32 so that only the structural checks can catch the damage. */
  private static byte[] withCrc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    return bytes;
  }

  private static void assertValue(SerializedValue expected, SerializedValue actual) {
    assertEquals(expected.serializerId(), actual.serializerId());
    assertEquals(expected.manifest(), actual.manifest());
    assertArrayEquals(expected.bytes(), actual.bytes());
  }
}
