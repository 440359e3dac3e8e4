package gambit.persistence.redis;

import java.nio.charset.StandardCharsets;

/**
 * Every Redis key the plugin writes, in one place.
 *
 * <p>All keys of one persistence id carry the same hash tag, {@code {<escaped id>}}, so a Lua
 * script can touch them atomically also on Redis Cluster. The id is escaped inside the tag
 * ({@code %} -> {@code %25}, <code>{</code> -> {@code %7B}, <code>}</code> -> {@code %7D}) so an
 * id containing braces cannot end the tag early or split one id's keys over several slots.
 *
 * <pre>
 * &lt;prefix&gt;:j:{&lt;id&gt;}:events    sorted set: score = sequence number, member = the event's
 *                                {@link JournalRecord} (version byte, sequence number, ...)
 * &lt;prefix&gt;:j:{&lt;id&gt;}:hsn       string: highest sequence number ever written (survives deletes)
 * &lt;prefix&gt;:s:{&lt;id&gt;}:index     sorted set: score = sequence number, member = seq nr:timestamp
 * &lt;prefix&gt;:s:{&lt;id&gt;}:data      hash: field = decimal seq nr, value = serialized snapshot record
 * &lt;prefix&gt;:t:{&lt;tag&gt;}:events   sorted set: score = per-tag global offset, member =
 *                                {@link TagMember} "&lt;id&gt;:&lt;seq nr&gt;"
 * &lt;prefix&gt;:t:{&lt;tag&gt;}:offset   string: last per-tag global offset handed out
 * &lt;prefix&gt;:ids                 set of every persistence id that ever wrote (for currentPersistenceIds)
 * </pre>
 *
 * The exact member layouts are owned and documented by the journal and the snapshot store.
 */
public final class KeySpace {

  private final String prefix;

  public KeySpace(String prefix) {
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  public byte[] events(String persistenceId) {
    return key("j", persistenceId, "events");
  }

  public byte[] highestSequenceNr(String persistenceId) {
    return key("j", persistenceId, "hsn");
  }

  /** Tagged writes whose tag entries may be missing (see the journal's tag repair). */
  public byte[] untagged(String persistenceId) {
    return key("j", persistenceId, "untagged");
  }

  public byte[] snapshotIndex(String persistenceId) {
    return key("s", persistenceId, "index");
  }

  public byte[] snapshotData(String persistenceId) {
    return key("s", persistenceId, "data");
  }

  public byte[] tagEvents(String tag) {
    return key("t", tag, "events");
  }

  public byte[] tagOffset(String tag) {
    return key("t", tag, "offset");
  }

  public byte[] persistenceIds() {
    return bytes(prefix + ":ids");
  }

  private byte[] key(String area, String id, String suffix) {
    return bytes(prefix + ":" + area + ":{" + escape(id) + "}:" + suffix);
  }

  /** Escapes the characters that would break a hash tag. */
  static String escape(String id) {
    StringBuilder out = new StringBuilder(id.length() + 8);
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      switch (c) {
        case '%' -> out.append("%25");
        case '{' -> out.append("%7B");
        case '}' -> out.append("%7D");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static byte[] bytes(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
