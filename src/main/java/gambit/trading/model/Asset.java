package gambit.trading.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something an account holds a balance of: the cash asset (USD) or a crypto asset (BTC).
 *
 * @param code the ticker, 2 to 10 upper-case letters or digits, e.g. {@code BTC}
 * @param name the display name, e.g. {@code Bitcoin}
 * @param scale how many decimals a balance of it has: 2 for USD (cents), 8 for BTC (satoshis);
 *     0 to 18
 */
public record Asset(String code, String name, int scale) {

  private static final Pattern CODE = Pattern.compile("[A-Z0-9]{2,10}");

  /** @throws IllegalArgumentException naming the bad component */
  public Asset {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    if (!CODE.matcher(code).matches()) {
      throw new IllegalArgumentException("asset code '" + code
          + "' must be 2 to 10 upper-case letters or digits");
    }
    if (name.isBlank()) {
      throw new IllegalArgumentException("asset " + code + " needs a name");
    }
    if (scale < 0 || scale > 18) {
      throw new IllegalArgumentException("asset " + code + " scale " + scale
          + " must be in 0..18");
    }
  }

  /** True if {@code code} has the form of an asset code. */
  static boolean isCode(String code) {
    return code != null && CODE.matcher(code).matches();
  }
}
