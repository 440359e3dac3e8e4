package gambit.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The least of RFC 6455 that the fan-out clients need: reading the frames a server sends
 * (unmasked) from a buffer that may end in the middle of one, and writing the client's masked
 * control replies. Not thread-safe; one per connection.
 *
 * <p>Text and binary messages may be fragmented; the reader hands over whole messages. The
 * payload handed to {@link Listener#message} is only valid during the call (it is a view of the
 * read buffer or of this reader's fragment buffer).
 */
final class WebSocketFrames {

  static final int OP_CONTINUATION = 0;
  static final int OP_TEXT = 1;
  static final int OP_BINARY = 2;
  static final int OP_CLOSE = 8;
  static final int OP_PING = 9;
  static final int OP_PONG = 10;

  /** Receives what the reader decoded, on the reading thread. */
  interface Listener {
    /** A whole message; {@code payload} is positioned at its first byte, limit at its end. */
    void message(int opcode, ByteBuffer payload);
  }

  private final Listener listener;
  private ByteBuffer fragments;
  private int fragmentedOpcode = -1;

  WebSocketFrames(Listener listener) {
    this.listener = listener;
  }

  /**
   * Decodes every complete frame from {@code in} (flipped: position..limit are unread bytes)
   * and leaves {@code in} positioned at the first byte of an incomplete frame.
   *
   * @throws IllegalStateException on a frame a server must not send (masked, or over 1 MiB)
   */
  void read(ByteBuffer in) {
    while (readFrame(in)) {
      // one frame per turn; readFrame says whether a whole one was there
    }
  }

  private boolean readFrame(ByteBuffer in) {
    int start = in.position();
    if (in.remaining() < 2) {
      return false;
    }
    int first = in.get(start) & 0xff;
    int second = in.get(start + 1) & 0xff;
    if ((second & 0x80) != 0) {
      throw new IllegalStateException("a server frame is masked");
    }
    int header = 2;
    long length = second & 0x7f;
    if (length == 126) {
      header = 4;
      if (in.remaining() < header) {
        return false;
      }
      length = in.getShort(start + 2) & 0xffff;
    } else if (length == 127) {
      header = 10;
      if (in.remaining() < header) {
        return false;
      }
      length = in.getLong(start + 2);
    }
    if (length < 0 || length > (1 << 20)) {
      throw new IllegalStateException("frame of " + length + " bytes");
    }
    if (in.remaining() < header + length) {
      return false;
    }
    ByteBuffer payload = in.duplicate();
    payload.position(start + header).limit(start + header + (int) length);
    in.position(start + header + (int) length);
    frame((first & 0x80) != 0, first & 0x0f, payload);
    return true;
  }

  private void frame(boolean fin, int opcode, ByteBuffer payload) {
    if (opcode >= OP_CLOSE || (fin && opcode != OP_CONTINUATION)) {
      listener.message(opcode, payload);
      return;
    }
    if (opcode != OP_CONTINUATION) {
      fragmentedOpcode = opcode;
      fragments = ByteBuffer.allocate(Math.max(256, payload.remaining() * 2));
    }
    if (fragmentedOpcode < 0) {
      throw new IllegalStateException("a continuation frame without a first fragment");
    }
    append(payload);
    if (fin) {
      fragments.flip();
      int complete = fragmentedOpcode;
      fragmentedOpcode = -1;
      listener.message(complete, fragments);
      fragments = null;
    }
  }

  private void append(ByteBuffer payload) {
    if (fragments.remaining() < payload.remaining()) {
      ByteBuffer larger = ByteBuffer.allocate((fragments.position() + payload.remaining()) * 2);
      fragments.flip();
      larger.put(fragments);
      fragments = larger;
    }
    fragments.put(payload);
  }

  /** A masked client frame (FIN set) with the payload; for pong and close replies. */
  static ByteBuffer clientFrame(int opcode, byte[] payload, int mask) {
    if (payload.length > 125) {
      throw new IllegalArgumentException("control payloads are at most 125 bytes");
    }
    ByteBuffer frame = ByteBuffer.allocate(6 + payload.length);
    frame.put((byte) (0x80 | opcode)).put((byte) (0x80 | payload.length)).putInt(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ (mask >>> (24 - 8 * (i % 4)))));
    }
    return frame.flip();
  }

  /** The payload's bytes as a string (for tests and diagnostics). */
  static String text(ByteBuffer payload) {
    return StandardCharsets.UTF_8.decode(payload.duplicate()).toString();
  }
}
