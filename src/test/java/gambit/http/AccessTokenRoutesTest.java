package gambit.http;

import static akka.http.javadsl.server.Directives.handleWebSocketMessages;
import static akka.http.javadsl.server.Directives.path;
import static gambit.http.AuthFlows.assertProblem;
import static gambit.http.AuthFlows.challenge;
import static gambit.http.AuthFlows.json;
import static gambit.http.AuthFlows.me;
import static gambit.http.AuthFlows.newName;
import static gambit.http.AuthFlows.registeredAndLoggedIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Sink;
import akka.stream.javadsl.Source;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way an access token can be wrong, checked through the one authentication directive on
 * {@code GET /api/me} and on a WebSocket upgrade, over real HTTP. Bad tokens are minted here
 * with the same library, so each differs from a good one in exactly one respect.
 */
class AccessTokenRoutesTest {

  private static ApiServer server;
  private static String userId;
  private static String username;

  @BeforeAll
  static void startServer() {
    server = ApiServer.start(TestRedis.shared().uri(), "", authentication ->
        path("ws-probe", () -> authentication.authenticated(identity ->
            handleWebSocketMessages(Flow.fromSinkAndSource(Sink.<Message>ignore(),
                Source.single(TextMessage.create("hello " + identity.username())))))));
    username = newName("tokens");
    JsonNode tokens = registeredAndLoggedIn(server, username);
    userId = json(me(server, tokens.path("accessToken").asText())).path("userId").asText();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  // ---------------------------------------------------------------- minting

  private static JWTClaimsSet.Builder goodClaims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer("gambit").audience("gambit-api").subject(userId)
        .claim("name", username).claim("roles", List.of("user"))
        .issueTime(Date.from(now)).notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))));
  }

  private static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, JWSSigner signer) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String signed(JWTClaimsSet claims) {
    return sign(claims, JWSAlgorithm.HS256, macSigner(ApiServer.SECRET));
  }

  private static MACSigner macSigner(String secret) {
    try {
      return new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertRejected(String token, String reasonPart) {
    HttpResponse<String> response = me(server, token);
    assertProblem(response, 401, reasonPart);
    String challenge = challenge(response);
    assertTrue(challenge.startsWith("Bearer"), challenge);
    assertTrue(challenge.contains("realm=\"gambit\""), challenge);
    assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
  }

  // ---------------------------------------------------------------- tests

  @Test
  void aTokenMintedLikeTheServersIsAccepted() {
    HttpResponse<String> response = me(server, signed(goodClaims().build()));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(username, json(response).path("username").asText());
  }

  @Test
  void aMissingTokenAnswers401WithABareChallenge() {
    HttpResponse<String> response = server.get("/api/me");
    assertProblem(response, 401, "authentication required");
    assertEquals("Bearer realm=\"gambit\"", challenge(response));
  }

  @Test
  void anotherSchemeAnswers401() {
    HttpResponse<String> response = server.get("/api/me", "Authorization", "Basic YWxpY2U6cHc=");
    assertProblem(response, 401, "only Bearer");
    assertTrue(challenge(response).startsWith("Bearer"));
  }

  @Test
  void garbageAnswers401() {
    assertRejected("not.a.jwt", "malformed");
    assertRejected("abc", "malformed");
  }

  @Test
  void aTamperedTokenAnswers401() {
    String good = signed(goodClaims().build());
    String[] parts = good.split("\\.");
    String forgedClaims = goodClaims().claim("roles", List.of("user", "operator")).build()
        .toString();
    String payload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(forgedClaims.getBytes(StandardCharsets.UTF_8));
    assertRejected(parts[0] + "." + payload + "." + parts[2], "signature is invalid");
  }

  @Test
  void anExpiredTokenAnswers401ButOneWithinTheLeewayPasses() {
    Instant now = Instant.now();
    assertRejected(signed(goodClaims()
        .issueTime(Date.from(now.minusSeconds(3600)))
        .notBeforeTime(Date.from(now.minusSeconds(3600)))
        .expirationTime(Date.from(now.minusSeconds(120))).build()), "expired");
    String justExpired = signed(goodClaims()
        .expirationTime(Date.from(now.minusSeconds(5))).build());
    assertEquals(200, me(server, justExpired).statusCode(), "5 s late is inside the 30 s leeway");
  }

  @Test
  void aTokenNotValidYetAnswers401() {
    Instant later = Instant.now().plusSeconds(600);
    assertRejected(signed(goodClaims().notBeforeTime(Date.from(later)).build()),
        "not valid yet");
  }

  @Test
  void aTokenIssuedInTheFutureAnswers401() {
    Instant later = Instant.now().plusSeconds(600);
    assertRejected(signed(goodClaims().issueTime(Date.from(later)).build()),
        "issued in the future");
  }

  @Test
  void anUnsignedTokenAnswers401() {
    assertRejected(new PlainJWT(goodClaims().build()).serialize(), "unsigned");
    String good = signed(goodClaims().build());
    String noneHeader = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
    String[] parts = good.split("\\.");
    assertRejected(noneHeader + "." + parts[1] + ".", "unsigned");
  }

  @Test
  void otherAlgorithmsAnswer401EvenWithTheRightKey() throws JOSEException {
    assertRejected(sign(goodClaims().build(), JWSAlgorithm.HS512, macSigner(ApiServer.SECRET)),
        "algorithm is not accepted");
    RSASSASigner rsa = new RSASSASigner(new RSAKeyGenerator(2048).generate());
    assertRejected(sign(goodClaims().build(), JWSAlgorithm.RS256, rsa),
        "algorithm is not accepted");
  }

  @Test
  void aSignedJwtOfAnotherTypeAnswers401() throws JOSEException {
    SignedJWT event = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
        .type(new JOSEObjectType("secevent+jwt")).build(), goodClaims().build());
    event.sign(macSigner(ApiServer.SECRET));
    assertRejected(event.serialize(), "typ");
  }

  @Test
  void rejectionReasonsAreOurOwnWordsNotTheLibrarys() throws JOSEException {
    SignedJWT withKeyId = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
        .keyID("someone-elses-key").build(), goodClaims().build());
    withKeyId.sign(macSigner(ApiServer.SECRET));
    assertRejected(withKeyId.serialize(), "signing key (kid)");

    SignedJWT event = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
        .type(new JOSEObjectType("secevent+jwt")).build(), goodClaims().build());
    event.sign(macSigner(ApiServer.SECRET));
    Instant later = Instant.now().plusSeconds(600);
    for (String token : List.of(withKeyId.serialize(), event.serialize(),
        signed(goodClaims().issuer("someone-else").build()),
        signed(goodClaims().notBeforeTime(Date.from(later)).build()),
        signed(goodClaims().claim("roles", null).build()))) {
      HttpResponse<String> response = me(server, token);
      String detail = json(response).path("detail").asText() + " " + challenge(response);
      for (String internal : List.of("Another algorithm", "matching key", "JWT rejected",
          "JOSE header", "JWT before use time", "JWT missing")) {
        assertFalse(detail.contains(internal), detail);
      }
    }
  }

  @Test
  void aTokenSignedWithAnotherKeyAnswers401() {
    String other = sign(goodClaims().build(), JWSAlgorithm.HS256,
        macSigner("another-secret-another-secret-another-secret-0000"));
    assertRejected(other, "signature is invalid");
  }

  @Test
  void aWrongIssuerOrAudienceAnswers401() {
    assertRejected(signed(goodClaims().issuer("someone-else").build()), "iss");
    assertRejected(signed(goodClaims().audience("another-api").build()), "aud");
  }

  @Test
  void aSubjectThatIsNoUserIdAnswers401() {
    assertRejected(signed(goodClaims().subject("").build()), "not a user id");
    assertRejected(signed(goodClaims().subject("../../x").build()), "not a user id");
    assertRejected(signed(goodClaims().subject("u".repeat(65)).build()), "not a user id");
  }

  @Test
  void aTokenWithoutRequiredClaimsAnswers401() {
    assertRejected(signed(goodClaims().claim("roles", null).build()), "missing required");
    assertRejected(signed(goodClaims().expirationTime(null).build()), "missing required");
  }

  @Test
  void twoTokensInOneRequestAnswer400() {
    String good = signed(goodClaims().build());
    HttpResponse<String> response = server.get("/api/me", "Authorization", "Bearer " + good,
        "Authorization", "Bearer " + good);
    assertProblem(response, 400, "exactly one access token");
    assertTrue(challenge(response).contains("invalid_request"), challenge(response));
  }

  @Test
  void aHeaderAndAQueryTokenOnAnOrdinaryRouteAnswer400() {
    String good = signed(goodClaims().build());
    for (String query : List.of("garbage", good)) {
      HttpResponse<String> response = server.get("/api/me?access_token=" + query,
          "Authorization", "Bearer " + good);
      assertProblem(response, 400, "exactly one access token");
      assertTrue(challenge(response).contains("invalid_request"), challenge(response));
    }
  }

  @Test
  void aHeaderAndAQueryTokenOnAWebSocketUpgradeAnswer400() {
    String good = signed(goodClaims().build());
    assertEquals(400, handshakeStatus("/ws-probe?access_token=" + good,
        "Authorization", "Bearer " + good));
  }

  @Test
  void theQueryParameterIsRefusedOutsideWebSocketUpgrades() {
    String good = signed(goodClaims().build());
    assertProblem(server.get("/api/me?access_token=" + good), 401, "only accepted on WebSocket");
  }

  // ---------------------------------------------------------------- WebSocket upgrades

  @Test
  void aWebSocketUpgradeAcceptsTheTokenInTheQuery() throws Exception {
    String good = signed(goodClaims().build());
    assertEquals("hello " + username, firstMessage("/ws-probe?access_token=" + good));
  }

  @Test
  void aWebSocketUpgradeWithoutOrWithABadTokenAnswers401() {
    assertEquals(401, handshakeStatus("/ws-probe"));
    assertEquals(401, handshakeStatus("/ws-probe?access_token=abc"));
    String expired = signed(goodClaims().expirationTime(Date.from(Instant.now()
        .minusSeconds(600))).build());
    assertEquals(401, handshakeStatus("/ws-probe?access_token=" + expired));
  }

  private static String firstMessage(String path) throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket socket = ApiServer.client().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                first.complete(data.toString());
                return null;
              }
            })
        .get(10, TimeUnit.SECONDS);
    try {
      return first.get(10, TimeUnit.SECONDS);
    } finally {
      socket.abort();
    }
  }

  private static int handshakeStatus(String path, String... headers) {
    WebSocket.Builder builder = ApiServer.client().newWebSocketBuilder();
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(
        ExecutionException.class, () -> builder
            .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + path),
                new WebSocket.Listener() {})
            .get(10, TimeUnit.SECONDS));
    WebSocketHandshakeException handshake =
        assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
    return handshake.getResponse().statusCode();
  }
}
