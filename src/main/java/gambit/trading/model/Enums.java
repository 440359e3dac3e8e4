package gambit.trading.model;

import gambit.trading.model.ValidationException.Reason;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Parsing of the enums that clients send by their lower-case wire names. */
final class Enums {

  private Enums() {}

  static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
    if (text == null || text.isEmpty()) {
      throw new ValidationException(field, Reason.MISSING, "is required");
    }
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    String allowed = Arrays.stream(type.getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    String shown = text.length() <= 24 ? text : text.substring(0, 24) + "...";
    throw new ValidationException(field, Reason.MALFORMED, "'" + shown + "' is not one of "
        + allowed);
  }
}
