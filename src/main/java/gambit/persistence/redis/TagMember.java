package gambit.persistence.redis;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A member of a tag's sorted set ({@link KeySpace#tagEvents}): which event carries the tag. Its
 * stored form is {@code <persistence id>:<sequence number>} in UTF-8, e.g. {@code game-42:17};
 * the id may itself contain colons, the sequence number (decimal digits) never does, so the
 * last colon splits the two. The score of the member is the tag's offset (see the journal).
 *
 * @param persistenceId the id of the event, never null
 * @param sequenceNr the event's sequence number
 */
public record TagMember(String persistenceId, long sequenceNr) {

  public TagMember {
    Objects.requireNonNull(persistenceId, "persistenceId");
  }

  /** The stored form. */
  public byte[] encode() {
    return (persistenceId + ":" + sequenceNr).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the stored form.
   *
   * @throws IllegalArgumentException when the bytes are not {@code <id>:<number>}
   */
  public static TagMember decode(byte[] stored) {
    String text = new String(stored, StandardCharsets.UTF_8);
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("tag member without ':' : " + text);
    }
    try {
      return new TagMember(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("tag member with a bad sequence number: " + text, e);
    }
  }
}
