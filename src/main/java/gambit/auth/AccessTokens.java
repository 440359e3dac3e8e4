package gambit.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Access tokens: JWTs signed with HS256 (nimbus-jose-jwt), carrying the user id ({@code sub}),
 * the name ({@code name}) and the roles ({@code roles}), plus {@code iss}, {@code aud},
 * {@code iat}, {@code nbf}, {@code exp} and a random {@code jti}.
 *
 * <p>Verification needs nothing but the shared key, so every node checks every token on its own.
 * It pins the algorithm to HS256 (a token naming any other algorithm, {@code none} included, is
 * rejected before its signature is looked at), then checks the signature, the issuer, the
 * audience, the required claims, and {@code exp}, {@code nbf} and {@code iat} against the clock
 * with the configured leeway. Thread-safe.
 */
public final class AccessTokens {

  private static final JWSAlgorithm ALGORITHM = JWSAlgorithm.HS256;
  private static final Set<String> REQUIRED_CLAIMS =
      Set.of("sub", "name", "roles", "iat", "nbf", "exp");

  private static final Pattern CANONICAL =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** Tokens kept verified; beyond it the cache starts again from empty. */
  static final int CACHED_TOKENS = 10_000;

  private final MACSigner signer;
  private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final AuthSettings settings;
  private final Clock clock;

  public AccessTokens(SigningKey key, AuthSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    try {
      this.signer = new MACSigner(key.bytes());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable signing key: " + e.getMessage(), e);
    }
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(ALGORITHM, new ImmutableSecret<>(key.bytes())));
    processor.setJWTClaimsSetVerifier(new ClaimsVerifier(settings, clock));
  }

  /** A signed access token for this identity, valid from now for the configured TTL. */
  public Issued issue(Identity identity) {
    Instant now = clock.instant();
    Instant expiry = now.plus(settings.accessTokenTtl());
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(settings.issuer())
        .audience(settings.audience())
        .subject(identity.userId())
        .claim("name", identity.username())
        .claim("roles", List.copyOf(identity.roles()))
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(expiry))
        .jwtID(UUID.randomUUID().toString())
        .build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(ALGORITHM).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an access token", e);
    }
    return new Issued(jwt.serialize(), settings.accessTokenTtl());
  }

  /**
   * Verifies a compact-serialized token. Never throws for a bad token: the answer says why it
   * was rejected, in words fit for a client ({@code error_description}).
   */
  public Verification verify(String token) {
    Accepted known = accepted.get(token);
    if (known != null) {
      if (known.validAt(clock.instant(), settings.leeway())) {
        return new Verified(known.identity(), known.expiry().plus(settings.leeway()));
      }
      accepted.remove(token); // the full check below says why it is refused now
    }
    return verifyFully(token);
  }

  /**
   * A token verified earlier, with the times that decide whether it still holds. Only a token
   * that passed every check is kept, under its exact text, so a token that differs in one
   * character (a forged signature, other claims) is checked in full; the key never changes
   * while the node runs, and access tokens are not revocable, so the times are all that can
   * turn a verified token into a refused one. This spares the signature check and the JSON
   * parsing of the claims for the many requests a client makes with one token (they were
   * about a tenth of the node's CPU in the game benchmark).
   */
  private record Accepted(Identity identity, Instant issuedAt, Instant notBefore,
      Instant expiry) {

    /** The library's and {@link ClaimsVerifier}'s time checks, with the same leeway. */
    boolean validAt(Instant now, Duration leeway) {
      Instant latest = now.plus(leeway);
      return expiry.plus(leeway).isAfter(now) && !notBefore.isAfter(latest)
          && !issuedAt.isAfter(latest);
    }
  }

  private Verification verifyFully(String token) {
    JWT parsed;
    try {
      parsed = JWTParser.parse(token);
    } catch (ParseException e) {
      return new Rejected("the access token is malformed");
    }
    if (!(parsed instanceof SignedJWT signed)) {
      return new Rejected("unsigned or encrypted access tokens are not accepted");
    }
    if (!ALGORITHM.equals(signed.getHeader().getAlgorithm())) {
      return new Rejected("the access token's algorithm is not accepted (expected "
          + ALGORITHM + ")");
    }
    return verifySigned(signed, token);
  }

  /**
   * Three dot-separated parts in unpadded base64url, each exactly as it encodes again. The
   * library's decoder skips characters outside the alphabet and ignores a last character's
   * unused bits, so one token would otherwise have many texts that all verify (and each would
   * take a place among the remembered tokens).
   */
  static boolean canonical(String token) {
    if (!CANONICAL.matcher(token).matches()) {
      return false;
    }
    for (String part : token.split("\\.", -1)) {
      try {
        if (!BASE64URL.encodeToString(Base64.getUrlDecoder().decode(part)).equals(part)) {
          return false;
        }
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  /**
   * The library's checks, answered in our own words: its messages name its internals, which
   * tell a client nothing and an attacker which library runs here.
   */
  private Verification verifySigned(SignedJWT signed, String token) {
    JOSEObjectType type = signed.getHeader().getType();
    if (type != null && !JOSEObjectType.JWT.equals(type)) {
      return new Rejected("the access token's type (typ) is not accepted (expected JWT)");
    }
    if (signed.getHeader().getKeyID() != null) {
      // Our key has no id, so the library would find no key for a token that names one.
      return new Rejected("the access token names a signing key (kid) that is not accepted");
    }
    if (!canonical(token)) {
      return new Rejected("the access token is malformed");
    }
    try {
      JWTClaimsSet claims = processor.process(signed, null);
      Identity identity = identity(claims);
      remember(token, identity, claims);
      return new Verified(identity,
          claims.getExpirationTime().toInstant().plus(settings.leeway()));
    } catch (ExpiredJWTException e) {
      return new Rejected("the access token has expired");
    } catch (ClaimRefused e) {
      return new Rejected(e.getMessage());
    } catch (BadJWSException e) {
      return new Rejected("the access token's signature is invalid");
    } catch (BadJWTException e) {
      return new Rejected("the access token's claims are not accepted");
    } catch (BadJOSEException e) {
      return new Rejected("the access token is not accepted");
    } catch (ParseException e) {
      return new Rejected("the access token's claims are malformed");
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot verify an access token", e);
    }
  }

  private void remember(String token, Identity identity, JWTClaimsSet claims) {
    if (accepted.size() >= CACHED_TOKENS) {
      accepted.clear();
    }
    accepted.put(token, new Accepted(identity, claims.getIssueTime().toInstant(),
        claims.getNotBeforeTime().toInstant(), claims.getExpirationTime().toInstant()));
  }

  private static Identity identity(JWTClaimsSet claims) throws ParseException {
    List<String> roles = claims.getStringListClaim("roles");
    String name = claims.getStringClaim("name");
    if (roles == null || name == null) {
      throw new ParseException("name or roles missing", 0);
    }
    return new Identity(claims.getSubject(), name, new HashSet<>(roles));
  }

  // ---------------------------------------------------------------- results

  /**
   * A newly signed token.
   *
   * @param token the compact JWT
   * @param expiresIn how long it is valid from now
   */
  public record Issued(String token, Duration expiresIn) {}

  /** The outcome of {@link #verify}. */
  public sealed interface Verification permits Verified, Rejected {}

  /** A valid token and who it speaks for. */
  /**
   * A token that holds.
   *
   * @param validUntil when it stops being accepted (its expiry plus the leeway): a connection
   *     authenticated by it must not outlive it
   */
  public record Verified(Identity identity, Instant validUntil) implements Verification {}

  /** A token that must not be accepted, and why. */
  public record Rejected(String reason) implements Verification {}

  // ---------------------------------------------------------------- claims

  /** What a user id looks like (ours are UUIDs): no empty, long or path-like one. */
  private static final java.util.regex.Pattern USER_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  /** A claim check failed; the message is ours, fit for a client. */
  private static final class ClaimRefused extends BadJWTException {
    ClaimRefused(String message) {
      super(message);
    }
  }

  /**
   * Required claims, issuer, audience, {@code nbf} and {@code iat} checked here with our own
   * messages ({@link ClaimRefused}), then the library's checks ({@code exp} with leeway, and the
   * same again as a backstop) on our clock. An {@code iat} later than now (beyond the leeway)
   * means a token minted by a clock running ahead, or forged; it is refused like an early
   * {@code nbf}.
   */
  private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

    private final Clock clock;
    private final Duration leeway;
    private final String issuer;
    private final String audience;

    ClaimsVerifier(AuthSettings settings, Clock clock) {
      super(Set.of(settings.audience()),
          new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), REQUIRED_CLAIMS, Set.of());
      this.clock = clock;
      this.leeway = settings.leeway();
      this.issuer = settings.issuer();
      this.audience = settings.audience();
      setMaxClockSkew((int) Math.min(Integer.MAX_VALUE, settings.leeway().toSeconds()));
    }

    @Override
    protected Date currentTime() {
      return Date.from(clock.instant());
    }

    @Override
    public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
      Set<String> missing = new java.util.TreeSet<>(REQUIRED_CLAIMS);
      missing.removeAll(claims.getClaims().keySet());
      if (!missing.isEmpty()) {
        throw new ClaimRefused("the access token is missing required claims: " + missing);
      }
      if (claims.getSubject() == null || !USER_ID.matcher(claims.getSubject()).matches()) {
        // only a holder of the key could sign one, but an empty or path-like id must not become
        // an entity id (an empty one cannot: the request would wait for an entity never started)
        throw new ClaimRefused("the access token's subject (sub) is not a user id");
      }
      if (!issuer.equals(claims.getIssuer())) {
        throw new ClaimRefused("the access token's issuer (iss) is not accepted");
      }
      if (claims.getAudience() == null || !claims.getAudience().contains(audience)) {
        throw new ClaimRefused("the access token's audience (aud) is not accepted");
      }
      Instant latest = clock.instant().plus(leeway);
      if (claims.getNotBeforeTime().toInstant().isAfter(latest)) {
        throw new ClaimRefused("the access token is not valid yet (before its use time, nbf)");
      }
      if (claims.getIssueTime().toInstant().isAfter(latest)) {
        throw new ClaimRefused("the access token was issued in the future (iat)");
      }
      super.verify(claims, context);
    }
  }
}
