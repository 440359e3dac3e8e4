package gambit.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class PasswordsTest {

  private static final Executor SAME_THREAD = Runnable::run;
  private final Passwords passwords = new Passwords(1000, SAME_THREAD);

  private String hash(String password) {
    return passwords.hash(password).toCompletableFuture().join();
  }

  private boolean verify(String password, String hash) {
    return passwords.verify(password, hash).toCompletableFuture().join();
  }

  @Test
  void storesTheSchemeAndIterationsWithEveryHash() {
    String hash = hash("correct horse");
    assertTrue(hash.matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
  }

  @Test
  void verifiesTheRightPasswordOnly() {
    String hash = hash("correct horse");
    assertTrue(verify("correct horse", hash));
    assertFalse(verify("correct horsE", hash));
    assertFalse(verify("", hash));
  }

  @Test
  void saltsEveryHash() {
    assertNotEquals(hash("same password"), hash("same password"));
  }

  @Test
  void oldHashesStillVerifyAfterTheCostChanges() {
    String cheap = hash("correct horse");
    Passwords dearer = new Passwords(2000, SAME_THREAD);
    assertTrue(dearer.verify("correct horse", cheap).toCompletableFuture().join());
  }

  @Test
  void unicodeFormsOfOnePasswordAreEqual() {
    String composed = "caf\u00e9 au lait";
    String decomposed = "cafe\u0301 au lait";
    assertTrue(verify(decomposed, hash(composed)));
  }

  @Test
  void anUnknownUserNeverVerifies() {
    assertFalse(verify("correct horse", null));
  }
}
