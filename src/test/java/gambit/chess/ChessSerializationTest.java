package gambit.chess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializers;
import com.typesafe.config.ConfigFactory;
import gambit.chess.ChessGame.Reply;
import gambit.chess.rules.Color;
import gambit.chess.rules.Fen;
import gambit.chess.rules.Result;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every command, reply, event and the snapshot survive Akka serialization (what remote asks,
 * the journal and the snapshot store do with them), through the Jackson CBOR serializer.
 */
class ChessSerializationTest {

  private static final int JACKSON_CBOR = 33;
  private static final Instant AT = Instant.parse("2024-05-01T10:00:00.123Z");
  private static final Player ALICE = new Player("u-alice", "alice");

  private static ActorTestKit testKit;

  @BeforeAll
  static void start() {
    testKit = ActorTestKit.create("ChessSerializationTest",
        ConfigFactory.parseString("akka.actor.provider = local")
            .withFallback(ConfigFactory.load()).resolve());
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  private static Object roundTrip(Object message) {
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    assertEquals(JACKSON_CBOR, serialization.findSerializerFor(message).identifier(),
        message.getClass().getName());
    byte[] bytes = serialization.serialize(message).get();
    String manifest = Serializers.manifestFor(serialization.findSerializerFor(message), message);
    return serialization.deserialize(bytes, JACKSON_CBOR, manifest).get();
  }

  private static void assertRoundTrip(Object message) {
    assertEquals(message, roundTrip(message));
  }

  @Test
  void everyEventSurvivesTheJournal() {
    TimeControl blitz = TimeControl.parse("3+2").orElseThrow();
    List.of(
        new ChessGame.GameCreated(ALICE, Color.BLACK, blitz, Fen.INITIAL, AT),
        new ChessGame.GameCreated(ALICE, Color.WHITE, null, Fen.INITIAL, AT),
        new ChessGame.GameJoined(new Player("u-bob", "bob"), AT),
        new ChessGame.MovePlayed(7, "e7e8n", AT, 179_001L),
        new ChessGame.MovePlayed(0, "e2e4", AT, null),
        new ChessGame.DrawOffered(Color.WHITE, AT),
        new ChessGame.DrawDeclined(Color.BLACK, AT),
        new ChessGame.GameEnded(Result.DRAW, Termination.TIMEOUT, AT, 0L, 1_500L),
        new ChessGame.GameEnded(Result.UNDECIDED, Termination.ABORTED, AT, null, null))
        .forEach(ChessSerializationTest::assertRoundTrip);
  }

  @Test
  void everyCommandAndReplyCrossesNodes() {
    TestProbe<Reply> probe = testKit.createTestProbe();
    ActorRef<Reply> to = probe.getRef();
    GameView view = new GameView("g1", "active", ALICE, null, Fen.INITIAL, Fen.INITIAL,
        List.of("e2e4"), List.of("e4"), 1, "black", new GameView.Clocks(1, 2, "black"), "*",
        null, "white");
    List.of(
        new ChessGame.Create(ALICE, TimeControl.parse("5+3").orElseThrow(),
            ChessGame.ColorChoice.RANDOM, "8/8/8/8/8/8/8/K6k w - - 0 1", to),
        new ChessGame.Join(ALICE, to),
        new ChessGame.MakeMove("u-alice", "Nbd2", 12, to),
        new ChessGame.Resign("u-alice", to),
        new ChessGame.Draw("u-alice", ChessGame.DrawAction.CLAIM, to),
        new ChessGame.Abort("u-alice", to),
        new ChessGame.Get(to),
        new ChessGame.GetPgn(to),
        ChessGame.Internal.STOP,
        new ChessGame.Accepted(view),
        new ChessGame.Rejected(ChessGame.Rejection.CONFLICT, "stale ply", view),
        new ChessGame.Rejected(ChessGame.Rejection.NOT_FOUND, "no game", null),
        new ChessGame.PgnText("[Event \"?\"]\n\n*\n"))
        .forEach(ChessSerializationTest::assertRoundTrip);
  }

  @Test
  void theSnapshotRebuildsTheSameState() {
    GameState state = GameState.empty()
        .apply(new ChessGame.GameCreated(ALICE, Color.WHITE, TimeControl.parse("1+1")
            .orElseThrow(), Fen.INITIAL, AT))
        .apply(new ChessGame.GameJoined(new Player("u-bob", "bob"), AT))
        .apply(new ChessGame.MovePlayed(0, "e2e4", AT, 60_000L))
        .apply(new ChessGame.MovePlayed(1, "c7c5", AT.plusSeconds(2), 60_000L))
        .apply(new ChessGame.MovePlayed(2, "g1f3", AT.plusSeconds(5), 58_000L))
        .apply(new ChessGame.DrawOffered(Color.WHITE, AT.plusSeconds(6)));

    GameSnapshot stored = (GameSnapshot) roundTrip(GameSnapshot.of(state));
    GameState back = stored.toState();
    assertEquals(state.view("g1", AT.plusSeconds(9)), back.view("g1", AT.plusSeconds(9)));
    assertEquals(state.game(), back.game());
    assertEquals(state.san(), back.san());
    assertArrayEquals(state.clockAfterPly(), back.clockAfterPly());
    assertEquals(state.pgn("g1"), back.pgn("g1"));
  }
}
