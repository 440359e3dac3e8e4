package gambit.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a new account's name and password must look like. Usernames are 3 to 32 ASCII letters,
 * digits, {@code _} or {@code -} (ASCII only: it keeps case-insensitive uniqueness simple and
 * look-alike names out); passwords are at least {@code min-length} characters, at most
 * {@code max-length}, not among the most common passwords (the bundled list
 * {@code common-passwords.txt}, compared case-insensitively), not built from fewer than four
 * distinct characters, and not containing the username. Immutable, thread-safe.
 */
public final class AccountRules {

  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_-]{3,32}");
  private static final String COMMON_PASSWORDS = "common-passwords.txt";
  private static final int MIN_DISTINCT_CHARACTERS = 4;

  private final int minLength;
  private final int maxLength;
  private final Set<String> common;

  public AccountRules(int minLength, int maxLength) {
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.common = loadCommonPasswords();
  }

  /** True when the name has the allowed form (it may still be taken). */
  public static boolean isWellFormedUsername(String username) {
    return USERNAME.matcher(username).matches();
  }

  /** The key under which a name is unique: names differing only in case are the same name. */
  public static String canonical(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  /** Why the name cannot be registered, or empty when its form is fine. */
  public Optional<String> checkUsername(String username) {
    if (isWellFormedUsername(username)) {
      return Optional.empty();
    }
    return Optional.of("username must be 3 to 32 characters of letters (A-Z, a-z), digits,"
        + " '_' or '-'");
  }

  /** Why the password is refused for this user, or empty when it is acceptable. */
  public Optional<String> checkPassword(String password, String username) {
    int length = password.codePointCount(0, password.length());
    if (length < minLength) {
      return Optional.of("password must be at least " + minLength + " characters long");
    }
    if (length > maxLength) {
      return Optional.of("password must be at most " + maxLength + " characters long");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (common.contains(lower)) {
      return Optional.of("password is one of the most commonly used passwords; choose another");
    }
    if (password.codePoints().distinct().count() < MIN_DISTINCT_CHARACTERS) {
      return Optional.of("password must use at least " + MIN_DISTINCT_CHARACTERS
          + " different characters");
    }
    if (lower.contains(canonical(username))) {
      return Optional.of("password must not contain the username");
    }
    return Optional.empty();
  }

  /** True when the password is longer than any we accept (such a login cannot succeed). */
  public boolean isTooLong(String password) {
    return password.codePointCount(0, password.length()) > maxLength;
  }

  private static Set<String> loadCommonPasswords() {
    Set<String> words = new HashSet<>();
    try (InputStream in = AccountRules.class.getResourceAsStream(COMMON_PASSWORDS)) {
      if (in == null) {
        throw new IllegalStateException(COMMON_PASSWORDS + " is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in,
          StandardCharsets.UTF_8));
      reader.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .map(line -> line.toLowerCase(Locale.ROOT)).forEach(words::add);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + COMMON_PASSWORDS, e);
    }
    return Set.copyOf(words);
  }
}
