/**
 * Accounts and stateless authentication: {@link gambit.auth.AuthService} runs the flows
 * (register, log in, refresh, log out) over {@link gambit.auth.Accounts},
 * {@link gambit.auth.Passwords} (PBKDF2), {@link gambit.auth.RefreshSessions} (opaque rotating
 * refresh tokens in Redis), {@link gambit.auth.LoginThrottle} and
 * {@link gambit.auth.AccessTokens} (HS256 JWTs that any node verifies alone with the shared
 * {@link gambit.auth.SigningKey}). Settings: {@link gambit.auth.AuthSettings} ({@code gambit.auth}
 * in {@code auth.conf}); every Redis key: {@link gambit.auth.AuthKeys}.
 *
 * <p>May use Akka's core (dispatchers), Lettuce through {@link gambit.node.RedisStore}, Jackson
 * and nimbus-jose-jwt; never akka-http: the HTTP mapping lives in {@code gambit.http}.
 */
package gambit.auth;
