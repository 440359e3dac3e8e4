package gambit.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {

  private final List<String> messages = new ArrayList<>();
  private final WebSocketFrames frames = new WebSocketFrames((opcode, payload) ->
      messages.add(opcode + ":" + WebSocketFrames.text(payload)));

  @Test
  void decodesFramesWhateverTheReadsSplitThemInto() {
    String large = "x".repeat(300); // a 16-bit length
    byte[] stream = concat(frame(0x81, "{\"seq\":1}"), frame(0x81, large), frame(0x89, "hi"));
    for (int split = 0; split <= stream.length; split++) {
      messages.clear();
      ByteBuffer buffer = ByteBuffer.allocate(stream.length);
      buffer.put(stream, 0, split).flip();
      frames.read(buffer);
      buffer.compact().put(stream, split, stream.length - split).flip();
      frames.read(buffer);

      assertEquals(List.of("1:{\"seq\":1}", "1:" + large, "9:hi"), messages, "split " + split);
      assertEquals(0, buffer.remaining());
    }
  }

  @Test
  void joinsAFragmentedTextMessageAndPassesControlFramesBetweenFragments() {
    ByteBuffer buffer = ByteBuffer.wrap(concat(frame(0x01, "{\"type\":"), frame(0x89, "p"),
        frame(0x00, "\"tick\""), frame(0x80, "}")));

    frames.read(buffer);

    assertEquals(List.of("9:p", "1:{\"type\":\"tick\"}"), messages);
  }

  @Test
  void leavesAnIncompleteFrameUnread() {
    byte[] whole = frame(0x81, "abcdef");
    ByteBuffer buffer = ByteBuffer.wrap(whole, 0, whole.length - 1);

    frames.read(buffer);

    assertEquals(List.of(), messages);
    assertEquals(0, buffer.position());
  }

  @Test
  void refusesAMaskedServerFrame() {
    ByteBuffer masked = WebSocketFrames.clientFrame(WebSocketFrames.OP_TEXT, new byte[] {1}, 7);

    assertThrows(IllegalStateException.class, () -> frames.read(masked));
  }

  @Test
  void masksAClientFrameWithTheGivenKey() {
    int mask = 0x01020304;
    ByteBuffer frame = WebSocketFrames.clientFrame(WebSocketFrames.OP_PONG,
        "abcde".getBytes(StandardCharsets.US_ASCII), mask);

    assertEquals(0x8a, frame.get() & 0xff);
    assertEquals(0x80 | 5, frame.get() & 0xff);
    assertEquals(mask, frame.getInt());
    byte[] unmasked = new byte[5];
    for (int i = 0; i < 5; i++) {
      unmasked[i] = (byte) (frame.get() ^ (mask >>> (24 - 8 * (i % 4))));
    }
    assertArrayEquals("abcde".getBytes(StandardCharsets.US_ASCII), unmasked);
  }

  @Test
  void findsTheSequenceNumberOfAMessage() {
    ByteBuffer text = ByteBuffer.wrap("{\"type\":\"tick\",\"seq\":1234,\"symbol\":\"B\"}"
        .getBytes(StandardCharsets.US_ASCII));

    assertEquals(1234, FanOutClients.number(text, "\"seq\":".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(-1, FanOutClients.number(text, "\"nope\":".getBytes(StandardCharsets.US_ASCII)));
  }

  /** An unmasked server frame. */
  private static byte[] frame(int first, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(first);
    if (payload.length < 126) {
      out.write(payload.length);
    } else {
      out.write(126);
      out.write(payload.length >>> 8);
      out.write(payload.length & 0xff);
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
