package gambit.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import gambit.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Access tokens on a clock the test moves: a token verified once (and so remembered) is still
 * refused once it expires, or while it is not valid yet, and a copy with one character changed
 * is checked in full. The statuses and problem bodies over HTTP are in AccessTokenRoutesTest.
 */
class AccessTokensTest {

  private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
  private static final AuthSettings SETTINGS = AuthSettings.from(ConfigFactory.parseString(
          "gambit.auth.jwt { access-token-ttl = 15m, leeway = 30s }")
      .withFallback(ConfigFactory.parseResources("auth.conf")).resolve());
  private static final Identity ALICE = new Identity("u-1", "alice", Set.of(Identity.USER));

  private final ManualClock clock = new ManualClock(T0);
  private final AccessTokens tokens = new AccessTokens(SigningKey.of(
      "0123456789abcdef0123456789abcdef-test".getBytes(StandardCharsets.UTF_8)), SETTINGS,
      clock);

  /** ALICE's token issued at T0: valid until 15 min later plus the 30 s leeway. */
  private static AccessTokens.Verified verified() {
    return new AccessTokens.Verified(ALICE, T0.plus(Duration.ofMinutes(15)).plusSeconds(30));
  }

  @Test
  void aRememberedTokenStillExpiresAfterItsLifetimeAndTheLeeway() {
    String token = tokens.issue(ALICE).token();
    assertEquals(verified(), tokens.verify(token));

    clock.advance(Duration.ofMinutes(15).plusSeconds(29));
    assertEquals(verified(), tokens.verify(token), "within the leeway");

    clock.advance(Duration.ofSeconds(2));
    assertEquals(new AccessTokens.Rejected("the access token has expired"),
        tokens.verify(token));
    assertEquals(new AccessTokens.Rejected("the access token has expired"),
        tokens.verify(token), "and stays refused");
  }

  @Test
  void aRememberedTokenIsRefusedOnAClockBeforeItsUseTime() {
    String token = tokens.issue(ALICE).token();
    assertEquals(verified(), tokens.verify(token));

    clock.advance(Duration.ofMinutes(-5));
    assertEquals(new AccessTokens.Rejected(
        "the access token is not valid yet (before its use time, nbf)"), tokens.verify(token));
  }

  @Test
  void aTokenThatDiffersFromARememberedOneInItsSignatureIsRefused() {
    String token = tokens.issue(ALICE).token();
    assertEquals(verified(), tokens.verify(token));

    int last = token.length() - 2;
    char changed = token.charAt(last) == 'A' ? 'B' : 'A';
    String forged = token.substring(0, last) + changed + token.substring(last + 1);
    assertEquals(new AccessTokens.Rejected("the access token's signature is invalid"),
        tokens.verify(forged));
    assertEquals(verified(), tokens.verify(token));
  }

  @Test
  void anotherTextOfAValidTokenIsRefusedAsMalformed() {
    String token = tokens.issue(ALICE).token();
    assertEquals(verified(), tokens.verify(token));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = token.charAt(token.length() - 1);
    // 32 signature bytes take 43 characters: the last one has 2 bits the decoder ignores
    char sameBits = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    int dot = token.lastIndexOf('.');
    for (String variant : List.of(token + ",", token + "~~~~", token + "=", token + "==",
        token + " \u00e9", token.substring(0, dot + 5) + "!" + token.substring(dot + 5),
        token.substring(0, token.length() - 1) + sameBits)) {
      assertEquals(new AccessTokens.Rejected("the access token is malformed"),
          tokens.verify(variant), variant);
    }
    assertEquals(verified(), tokens.verify(token));
  }
}
