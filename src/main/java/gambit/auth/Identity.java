package gambit.auth;

import java.util.Set;

/**
 * Who is calling: what a verified access token says. Immutable.
 *
 * @param userId the account's stable id (the token's {@code sub})
 * @param username the name as registered (original case)
 * @param roles {@link #USER} for everyone, {@link #OPERATOR} for configured operators
 */
public record Identity(String userId, String username, Set<String> roles) {

  /** Every account has it. */
  public static final String USER = "user";
  /** Granted by configuration ({@code gambit.auth.operators}) for the operator endpoints. */
  public static final String OPERATOR = "operator";

  public Identity {
    roles = Set.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
