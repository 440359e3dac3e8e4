package gambit.persistence.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stored event format, the tag member format and the journal settings; no Redis needed. */
class JournalRecordTest {

  private static final JournalRecord SAMPLE = new JournalRecord(7, "w", "m", 1000,
      new JournalRecord.Payload(20, "", new byte[] {1, 2}), List.of("b", "a"),
      Optional.of(new JournalRecord.Payload(5, "x", new byte[] {9})));

  /** Version 1, field by field; a change here breaks every stored journal. */
  private static final String SAMPLE_V1 = "01" + "0000000000000007" + "00000001" + "77"
      + "00000001" + "6d" + "00000000000003e8" + "00000014" + "00000000" + "00000002" + "0102"
      + "00000002" + "00000001" + "61" + "00000001" + "62" + "01" + "00000005" + "00000001" + "78"
      + "00000001" + "09";

  @Test
  void encodesVersionOneExactlyAsDocumented() {
    assertEquals(SAMPLE_V1, HexFormat.of().formatHex(SAMPLE.encode()));
  }

  @Test
  void decodesWhatItEncodes() {
    JournalRecord decoded = JournalRecord.decode(SAMPLE.encode());

    assertEquals(7, decoded.sequenceNr());
    assertEquals("w", decoded.writerUuid());
    assertEquals("m", decoded.manifest());
    assertEquals(1000, decoded.timestamp());
    assertEquals(20, decoded.payload().serializerId());
    assertEquals("", decoded.payload().serializerManifest());
    assertArrayEquals(new byte[] {1, 2}, decoded.payload().bytes());
    assertEquals(List.of("a", "b"), decoded.tags());
    assertEquals(5, decoded.metadata().orElseThrow().serializerId());
    assertEquals("x", decoded.metadata().orElseThrow().serializerManifest());
    assertArrayEquals(new byte[] {9}, decoded.metadata().orElseThrow().bytes());
  }

  @Test
  void keepsEveryByteValueOfPayloadsAndNonAsciiText() {
    byte[] everyByte = new byte[512];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    JournalRecord record = new JournalRecord(1, "writer-ü", "manifest\r\n\0", 0,
        new JournalRecord.Payload(-3, "ma\0nifest", everyByte), List.of("tag-€", ""),
        Optional.empty());

    JournalRecord decoded = JournalRecord.decode(record.encode());

    assertArrayEquals(everyByte, decoded.payload().bytes());
    assertEquals("writer-ü", decoded.writerUuid());
    assertEquals("manifest\r\n\0", decoded.manifest());
    assertEquals("ma\0nifest", decoded.payload().serializerManifest());
    assertEquals(-3, decoded.payload().serializerId());
    assertEquals(List.of("", "tag-€"), decoded.tags());
    assertTrue(decoded.metadata().isEmpty());
  }

  @Test
  void refusesAnUnknownFormatVersion() {
    byte[] future = SAMPLE.encode();
    future[0] = 2;

    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> JournalRecord.decode(future));
    assertTrue(error.getMessage().contains("format version 2"), error.getMessage());
  }

  @Test
  void refusesTruncatedAndOverlongRecords() {
    byte[] encoded = SAMPLE.encode();

    assertThrows(IllegalArgumentException.class,
        () -> JournalRecord.decode(Arrays.copyOf(encoded, encoded.length - 1)));
    assertThrows(IllegalArgumentException.class,
        () -> JournalRecord.decode(Arrays.copyOf(encoded, encoded.length + 1)));
    assertThrows(IllegalArgumentException.class, () -> JournalRecord.decode(new byte[0]));
  }

  @Test
  void readsTheSequenceNumberAloneAndRefusesWhatIsNoRecord() {
    assertEquals(7, JournalRecord.sequenceNrOf(SAMPLE.encode()));

    byte[] future = SAMPLE.encode();
    future[0] = 2;
    assertThrows(IllegalArgumentException.class, () -> JournalRecord.sequenceNrOf(future));
    assertThrows(IllegalArgumentException.class,
        () -> JournalRecord.sequenceNrOf(Arrays.copyOf(SAMPLE.encode(), 8)));
  }

  @Test
  void tagMembersSplitAtTheLastColon() {
    TagMember member = new TagMember("game:42:white", 17);

    assertEquals("game:42:white:17", new String(member.encode(),
        java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(member, TagMember.decode(member.encode()));
    assertThrows(IllegalArgumentException.class,
        () -> TagMember.decode("no-colon".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void settingsRefuseAChunkSizeOutOfRangeNamingTheKey() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> JournalSettings.from(ConfigFactory.parseString(
            "replay-chunk-size = 0, replay-dispatcher = d"), "my-journal"));

    assertTrue(error.getMessage().contains("my-journal"), error.getMessage());
    assertTrue(error.getMessage().contains("replay-chunk-size = 0"), error.getMessage());
  }

  @Test
  void referenceConfigGivesTheDocumentedDefaults() {
    JournalSettings settings = JournalSettings.from(
        ConfigFactory.defaultReference().getConfig("akka-persistence-redis.journal")
            .withFallback(ConfigFactory.defaultReference().getConfig(
                "akka.persistence.journal-plugin-fallback")),
        "akka-persistence-redis.journal");

    assertEquals(500, settings.replayChunkSize());
    assertEquals("akka.persistence.dispatchers.default-replay-dispatcher",
        settings.replayDispatcher());
  }
}
