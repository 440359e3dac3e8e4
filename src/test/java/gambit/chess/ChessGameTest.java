package gambit.chess;

import static gambit.chess.ChessTestKit.awaitTrue;
import static gambit.chess.ChessTestKit.events;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.internal.pubsub.TopicImpl;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import com.typesafe.config.Config;
import gambit.chess.ChessGame.Abort;
import gambit.chess.ChessGame.Accepted;
import gambit.chess.ChessGame.ColorChoice;
import gambit.chess.ChessGame.Command;
import gambit.chess.ChessGame.Create;
import gambit.chess.ChessGame.Draw;
import gambit.chess.ChessGame.DrawAction;
import gambit.chess.ChessGame.DrawDeclined;
import gambit.chess.ChessGame.DrawOffered;
import gambit.chess.ChessGame.GameCreated;
import gambit.chess.ChessGame.GameEnded;
import gambit.chess.ChessGame.GameJoined;
import gambit.chess.ChessGame.Get;
import gambit.chess.ChessGame.GetPgn;
import gambit.chess.ChessGame.Join;
import gambit.chess.ChessGame.MakeMove;
import gambit.chess.ChessGame.MovePlayed;
import gambit.chess.ChessGame.PgnText;
import gambit.chess.ChessGame.Rejected;
import gambit.chess.ChessGame.Rejection;
import gambit.chess.ChessGame.Reply;
import gambit.chess.ChessGame.Resign;
import gambit.chess.rules.Color;
import gambit.chess.rules.Fen;
import gambit.chess.rules.Result;
import gambit.testing.ManualClock;
import gambit.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The ChessGame entity spawned directly (no sharding) on a real Redis: the reply and the exact
 * persisted events of every command, the clocks under a manual clock, the flag timer, and
 * recovery from events and from a snapshot.
 */
class ChessGameTest {

  private static final Player ALICE = new Player("u-alice", "alice");
  private static final Player BOB = new Player("u-bob", "bob");
  private static final Player EVE = new Player("u-eve", "eve");
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final TimeControl ONE_PLUS_TWO = TimeControl.parse("1+2").orElseThrow();

  private static ActorTestKit testKit;
  private static ChessSettings settings;

  @BeforeAll
  static void start() {
    Config config = ChessTestKit.config(TestRedis.shared().uri(),
        ChessTestKit.newPrefix("chess-game-test"), """
            akka.actor.provider = local
            gambit.chess.snapshot-every = 5
            """);
    testKit = ActorTestKit.create("ChessGameTest", config);
    settings = ChessSettings.from(config);
  }

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** One game under test: its entity, its clock, and a probe for replies. */
  private static final class Table {
    final String id = UUID.randomUUID().toString();
    final Clock clock;
    final TestProbe<Reply> replies = testKit.createTestProbe();
    ActorRef<Command> game;

    Table(Clock clock) {
      this.clock = clock;
      this.game = spawn();
    }

    ActorRef<Command> spawn() {
      return testKit.spawn(ChessGame.create(id, settings, clock, null));
    }

    Reply ask(Function<ActorRef<Reply>, Command> command) {
      game.tell(command.apply(replies.getRef()));
      return replies.receiveMessage(ChessTestKit.TIMEOUT);
    }

    GameView accepted(Function<ActorRef<Reply>, Command> command) {
      Reply reply = ask(command);
      return assertInstanceOf(Accepted.class, reply, () -> "refused: " + reply).game();
    }

    Rejected rejected(Function<ActorRef<Reply>, Command> command, Rejection expected) {
      Rejected rejected = assertInstanceOf(Rejected.class, ask(command));
      assertEquals(expected, rejected.rejection(), rejected.detail());
      return rejected;
    }

    GameView create(TimeControl timeControl, String fen) {
      return accepted(to -> new Create(ALICE, timeControl, ColorChoice.WHITE, fen, to));
    }

    /** Alice (White) against Bob (Black), started. */
    GameView started(TimeControl timeControl, String fen) {
      create(timeControl, fen);
      return accepted(to -> new Join(BOB, to));
    }

    GameView move(Player player, String move, int ply) {
      return accepted(to -> new MakeMove(player.userId(), move, ply, to));
    }

    List<Object> events() {
      return ChessTestKit.events(testKit.system(), "ChessGame|" + id);
    }

    /** Stops the entity, waits until it is gone, and starts it again (a recovery). */
    void restart() {
      testKit.stop(game, ChessTestKit.TIMEOUT);
      game = spawn();
    }
  }

  private static Table table() {
    return new Table(new ManualClock(T0));
  }

  // ---------------------------------------------------------------- create and join

  @Nested
  class CreateAndJoin {

    @Test
    void createsAGameThatWaitsForASecondPlayer() {
      Table table = table();
      GameView view = table.create(ONE_PLUS_TWO, null);

      assertEquals("waiting", view.status());
      assertEquals(ALICE, view.white());
      assertNull(view.black());
      assertEquals(Fen.INITIAL, view.initialFen());
      assertEquals(new GameView.Clocks(60_000, 60_000, null), view.clock());
      assertEquals("*", view.result());
      assertEquals(List.of(new GameCreated(ALICE, Color.WHITE, ONE_PLUS_TWO, Fen.INITIAL, T0)),
          table.events());
    }

    @Test
    void aRandomColourIsDecidedOnceAndRecorded() {
      Table table = table();
      GameView view = table.accepted(to -> new Create(ALICE, null, ColorChoice.RANDOM, null, to));
      GameCreated created = (GameCreated) table.events().get(0);
      assertEquals(ALICE, created.creatorColor() == Color.WHITE ? view.white() : view.black());
      assertNull(view.clock(), "untimed");
    }

    @Test
    void refusesAMalformedFenAndADecidedStartPosition() {
      Table table = table();
      Rejected malformed = table.rejected(to -> new Create(ALICE, null, ColorChoice.WHITE,
          "8/8/8 w - -", to), Rejection.MALFORMED);
      assertTrue(malformed.detail().contains("FEN"));
      assertNull(malformed.game(), "a refused creation leaves no game to show");
      String mated = "rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3";
      Rejected decided = table.rejected(to -> new Create(ALICE, null, ColorChoice.WHITE, mated,
          to), Rejection.ILLEGAL);
      assertTrue(decided.detail().contains("checkmate"));
      assertNull(decided.game(), "a refused creation leaves no game to show");
      assertEquals(List.of(), table.events());
    }

    @Test
    void aSecondCreateIsAConflict() {
      Table table = table();
      table.create(null, null);
      Rejected rejected = table.rejected(to -> new Create(BOB, null, ColorChoice.BLACK, null, to),
          Rejection.CONFLICT);
      assertEquals(ALICE, rejected.game().white());
      assertEquals(1, table.events().size());
    }

    @Test
    void aCommandForAGameNeverCreatedIsNotFoundAndTheEntityStops() {
      Table table = table();
      TestProbe<Reply> watcher = testKit.createTestProbe();
      Rejected rejected = table.rejected(Get::new, Rejection.NOT_FOUND);
      assertNull(rejected.game());
      watcher.expectTerminated(table.game, ChessTestKit.TIMEOUT);
      assertEquals(List.of(), table.events());
    }

    @Test
    void joiningTakesTheFreeSideAndStartsTheGame() {
      Table table = table();
      table.create(ONE_PLUS_TWO, null);
      GameView view = table.accepted(to -> new Join(BOB, to));

      assertEquals("active", view.status());
      assertEquals(BOB, view.black());
      assertEquals(new GameJoined(BOB, T0), table.events().get(1));
      assertEquals(view.black(), table.accepted(to -> new Join(BOB, to)).black(),
          "joining again is a harmless repeat");
      assertEquals(2, table.events().size());
    }

    @Test
    void theCreatorCannotJoinAndAThirdPlayerFindsTheGameFull() {
      Table table = table();
      table.create(null, null);
      table.rejected(to -> new Join(ALICE, to), Rejection.CONFLICT);
      table.accepted(to -> new Join(BOB, to));
      assertTrue(table.rejected(to -> new Join(EVE, to), Rejection.CONFLICT).detail()
          .contains("two players"));
    }

    @Test
    void nobodyMovesBeforeTheSecondPlayerJoins() {
      Table table = table();
      table.create(null, null);
      assertTrue(table.rejected(to -> new MakeMove(ALICE.userId(), "e4", 0, to),
          Rejection.CONFLICT).detail().contains("not started"));
    }
  }

  // ---------------------------------------------------------------- moves

  @Nested
  class Moves {

    @Test
    void movesInUciAndSanArePersistedWithTheServersTime() {
      Table table = table();
      table.started(null, null);
      table.move(ALICE, "e2e4", 0);
      GameView view = table.move(BOB, "e5", 1);

      assertEquals(List.of("e2e4", "e7e5"), view.moves());
      assertEquals(List.of("e4", "e5"), view.san());
      assertEquals(2, view.ply());
      assertEquals("white", view.turn());
      assertEquals(List.of(new MovePlayed(0, "e2e4", T0, null), new MovePlayed(1, "e7e5", T0,
          null)), table.events().subList(2, 4));
    }

    @Test
    void refusesAMoveOutOfTurnAnIllegalMoveAndUnreadableText() {
      Table table = table();
      table.started(null, null);
      Rejected outOfTurn = table.rejected(to -> new MakeMove(BOB.userId(), "e5", 0, to),
          Rejection.CONFLICT);
      assertTrue(outOfTurn.detail().contains("white's turn"), outOfTurn.detail());
      assertEquals(0, outOfTurn.game().ply());
      assertTrue(table.rejected(to -> new MakeMove(ALICE.userId(), "e2e5", 0, to),
          Rejection.ILLEGAL).detail().contains("illegal"));
      table.rejected(to -> new MakeMove(ALICE.userId(), "Qxz9", 0, to), Rejection.MALFORMED);
      assertEquals(2, table.events().size(), "nothing persisted");
    }

    @Test
    void onlyThePlayersMayMove() {
      Table table = table();
      table.started(null, null);
      table.rejected(to -> new MakeMove(EVE.userId(), "e4", 0, to), Rejection.NOT_A_PLAYER);
    }

    @Test
    void aRetriedMoveIsAcceptedOnceAndOtherStaleOrFuturePliesAreConflicts() {
      Table table = table();
      table.started(null, null);
      table.move(ALICE, "e4", 0);
      table.move(BOB, "e5", 1);

      GameView retried = table.move(ALICE, "e2e4", 0);
      assertEquals(2, retried.ply(), "the current game, unchanged");
      table.move(BOB, "e7e5", 1);
      table.rejected(to -> new MakeMove(ALICE.userId(), "d4", 0, to), Rejection.CONFLICT);
      table.rejected(to -> new MakeMove(BOB.userId(), "e4", 0, to), Rejection.CONFLICT);
      Rejected future = table.rejected(to -> new MakeMove(ALICE.userId(), "Nf3", 3, to),
          Rejection.CONFLICT);
      assertTrue(future.detail().contains("ahead"), future.detail());
      assertEquals(4, table.events().size(), "two moves, no repeats");
    }

    @Test
    void foolsMateEndsTheGameInTheSameWriteAsTheMatingMove() {
      Table table = table();
      table.started(null, null);
      table.move(ALICE, "f3", 0);
      table.move(BOB, "e5", 1);
      table.move(ALICE, "g4", 2);
      GameView mated = table.move(BOB, "Qh4#", 3);

      assertEquals("finished", mated.status());
      assertEquals("0-1", mated.result());
      assertEquals("checkmate", mated.termination());
      List<Object> events = table.events();
      assertEquals(List.of(new MovePlayed(3, "d8h4", T0, null),
          new GameEnded(Result.BLACK_WINS, Termination.CHECKMATE, T0, null, null)),
          events.subList(events.size() - 2, events.size()));
      assertTrue(table.rejected(to -> new MakeMove(ALICE.userId(), "a3", 4, to),
          Rejection.CONFLICT).detail().contains("over"));
      assertEquals("finished", table.move(BOB, "d8h4", 3).status(), "a retry of the mate");
    }

    @Test
    void stalemateAndInsufficientMaterialEndTheGameAsDraws() {
      Table stalemate = table();
      stalemate.started(null, "k7/8/8/2Q5/8/8/8/7K w - - 0 1");
      GameView drawn = stalemate.move(ALICE, "Qc7", 0);
      assertEquals("1/2-1/2", drawn.result());
      assertEquals("stalemate", drawn.termination());

      Table bare = table();
      bare.started(null, "k7/8/8/8/8/8/1q6/K7 w - - 0 1");
      GameView kings = bare.move(ALICE, "Kxb2", 0);
      assertEquals("insufficient-material", kings.termination());
      assertEquals(new GameEnded(Result.DRAW, Termination.INSUFFICIENT_MATERIAL, T0, null, null),
          bare.events().get(3));
    }
  }

  // ---------------------------------------------------------------- draws, resign, abort

  @Nested
  class Endings {

    @Test
    void aDrawOfferIsAcceptedByTheOpponent() {
      Table table = table();
      table.started(null, null);
      GameView offered = table.accepted(to -> new Draw(ALICE.userId(), DrawAction.OFFER, to));
      assertEquals("white", offered.drawOffer());
      table.rejected(to -> new Draw(ALICE.userId(), DrawAction.ACCEPT, to), Rejection.CONFLICT);
      GameView agreed = table.accepted(to -> new Draw(BOB.userId(), DrawAction.ACCEPT, to));

      assertEquals("1/2-1/2", agreed.result());
      assertEquals("agreement", agreed.termination());
      assertNull(agreed.drawOffer());
      assertEquals(List.of(new DrawOffered(Color.WHITE, T0),
          new GameEnded(Result.DRAW, Termination.AGREEMENT, T0, null, null)),
          table.events().subList(2, 4));
    }

    @Test
    void aDeclinedOfferAndAnOfferAnsweredByAMoveLapse() {
      Table table = table();
      table.started(null, null);
      table.accepted(to -> new Draw(ALICE.userId(), DrawAction.OFFER, to));
      GameView declined = table.accepted(to -> new Draw(BOB.userId(), DrawAction.DECLINE, to));
      assertNull(declined.drawOffer());
      table.rejected(to -> new Draw(BOB.userId(), DrawAction.DECLINE, to), Rejection.CONFLICT);

      table.move(ALICE, "e4", 0);
      assertEquals("white", table.accepted(to -> new Draw(ALICE.userId(), DrawAction.OFFER, to))
          .drawOffer());
      assertNull(table.move(BOB, "e5", 1).drawOffer(), "Bob's move answers the offer");
      assertEquals(new DrawDeclined(Color.BLACK, T0), table.events().get(3));
    }

    @Test
    void offersFromBothSidesAreAnAgreement() {
      Table table = table();
      table.started(null, null);
      table.accepted(to -> new Draw(BOB.userId(), DrawAction.OFFER, to));
      assertEquals("black", table.accepted(to -> new Draw(BOB.userId(), DrawAction.OFFER, to))
          .drawOffer(), "a repeated offer changes nothing");
      assertEquals("agreement", table.accepted(to -> new Draw(ALICE.userId(), DrawAction.OFFER,
          to)).termination());
    }

    @Test
    void threefoldRepetitionIsClaimedByThePlayerToMove() {
      Table table = table();
      table.started(null, null);
      table.rejected(to -> new Draw(ALICE.userId(), DrawAction.CLAIM, to), Rejection.CONFLICT);
      String[] shuffle = {"Nf3", "Nf6", "Ng1", "Ng8", "Nf3", "Nf6", "Ng1", "Ng8"};
      for (int ply = 0; ply < shuffle.length; ply++) {
        table.move(ply % 2 == 0 ? ALICE : BOB, shuffle[ply], ply);
      }
      table.rejected(to -> new Draw(BOB.userId(), DrawAction.CLAIM, to), Rejection.CONFLICT);
      GameView claimed = table.accepted(to -> new Draw(ALICE.userId(), DrawAction.CLAIM, to));
      assertEquals("threefold", claimed.termination());
      assertEquals("1/2-1/2", claimed.result());
    }

    @Test
    void theFiftyMoveRuleIsClaimedOnceItApplies() {
      Table table = table();
      table.started(null, "4k3/8/8/8/8/8/8/R3K3 w - - 99 80");
      table.rejected(to -> new Draw(ALICE.userId(), DrawAction.CLAIM, to), Rejection.CONFLICT);
      table.move(ALICE, "Ra2", 0);
      GameView claimed = table.accepted(to -> new Draw(BOB.userId(), DrawAction.CLAIM, to));
      assertEquals("fifty-move", claimed.termination());
    }

    @Test
    void resigningLosesTheGame() {
      Table table = table();
      table.started(null, null);
      GameView resigned = table.accepted(to -> new Resign(BOB.userId(), to));
      assertEquals("1-0", resigned.result());
      assertEquals("resignation", resigned.termination());
      assertEquals(new GameEnded(Result.WHITE_WINS, Termination.RESIGNATION, T0, null, null),
          table.events().get(2));
      table.rejected(to -> new Resign(ALICE.userId(), to), Rejection.CONFLICT);
      table.rejected(to -> new Resign(EVE.userId(), to), Rejection.NOT_A_PLAYER);
    }

    @Test
    void aGameIsAbortedUntilBothSidesHaveMoved() {
      Table waiting = table();
      waiting.create(null, null);
      waiting.rejected(to -> new Resign(ALICE.userId(), to), Rejection.CONFLICT);
      assertEquals("aborted", waiting.accepted(to -> new Abort(ALICE.userId(), to)).status());

      Table oneMove = table();
      oneMove.started(ONE_PLUS_TWO, null);
      oneMove.move(ALICE, "e4", 0);
      GameView aborted = oneMove.accepted(to -> new Abort(BOB.userId(), to));
      assertEquals("aborted", aborted.status());
      assertEquals("*", aborted.result());
      assertEquals("aborted", aborted.termination());
      assertEquals(new GameEnded(Result.UNDECIDED, Termination.ABORTED, T0, 60_000L, 60_000L),
          oneMove.events().get(3));

      Table twoMoves = table();
      twoMoves.started(null, null);
      twoMoves.move(ALICE, "e4", 0);
      twoMoves.move(BOB, "e5", 1);
      assertTrue(twoMoves.rejected(to -> new Abort(ALICE.userId(), to), Rejection.CONFLICT)
          .detail().contains("resign instead"));
    }
  }

  // ---------------------------------------------------------------- clocks

  @Nested
  class Clocks {

    @Test
    void clocksStartAfterBothFirstMovesAndChargeTheServersTimePlusIncrement() {
      ManualClock clock = new ManualClock(T0);
      Table table = new Table(clock);
      table.started(ONE_PLUS_TWO, null);
      clock.advance(Duration.ofSeconds(20));
      table.move(ALICE, "e4", 0);
      clock.advance(Duration.ofSeconds(30));
      GameView started = table.move(BOB, "e5", 1);
      assertEquals(new GameView.Clocks(60_000, 60_000, "white"), started.clock(),
          "the first move of each side is free");

      clock.advance(Duration.ofSeconds(3));
      GameView charged = table.move(ALICE, "Nf3", 2);
      assertEquals(new GameView.Clocks(59_000, 60_000, "black"), charged.clock());
      clock.advance(Duration.ofMillis(10_500));
      assertEquals(new GameView.Clocks(59_000, 49_500, "black"),
          table.accepted(Get::new).clock());
      assertEquals(new MovePlayed(2, "g1f3", T0.plusSeconds(53), 59_000L), table.events().get(4));
    }

    @Test
    void aMoveAfterTheFlagFellLosesOnTimeInsteadOfBeingPlayed() {
      ManualClock clock = new ManualClock(T0);
      Table table = new Table(clock);
      table.started(ONE_PLUS_TWO, null);
      table.move(ALICE, "e4", 0);
      table.move(BOB, "e5", 1);
      clock.advance(Duration.ofSeconds(61));

      Rejected late = table.rejected(to -> new MakeMove(ALICE.userId(), "Nf3", 2, to),
          Rejection.CONFLICT);
      assertEquals("timeout", late.game().termination());
      assertEquals("0-1", late.game().result());
      assertEquals(new GameView.Clocks(0, 60_000, null), late.game().clock());
      assertEquals(new GameEnded(Result.BLACK_WINS, Termination.TIMEOUT, T0.plusSeconds(61), 0L,
          60_000L), table.events().get(4));
    }

    @Test
    void theFlagTimerEndsTheGameWithNobodySendingAnything() {
      Table table = new Table(Clock.systemUTC());
      table.started(new TimeControl(300, 0), null);
      table.move(ALICE, "e4", 0);
      table.move(BOB, "e5", 1);

      awaitTrue("the flag falls", () -> table.events().size() == 5);
      GameEnded flag = (GameEnded) table.events().get(4);
      assertEquals(Termination.TIMEOUT, flag.termination());
      assertEquals(Result.BLACK_WINS, flag.result());
      assertEquals(0L, flag.whiteMillis());
    }

    @Test
    void aFlagIsADrawWhenTheOpponentCannotMate() {
      ManualClock clock = new ManualClock(T0);
      Table table = new Table(clock);
      table.started(ONE_PLUS_TWO, "4k3/8/8/8/8/8/8/R3K3 w - - 0 1");
      table.move(ALICE, "Ra2", 0);
      table.move(BOB, "Kd7", 1);
      clock.advance(Duration.ofMinutes(2));
      GameView flagged = table.accepted(Get::new);
      assertEquals("timeout", flagged.termination());
      assertEquals("1/2-1/2", flagged.result(), "a bare king cannot mate");
    }

    @Test
    void aTimedGameWhoseSideToMoveNeverMakesItsFirstMoveIsAborted() {
      ManualClock clock = new ManualClock(T0);
      Table table = new Table(clock);
      table.started(ONE_PLUS_TWO, null);
      clock.advance(settings.firstMoveTimeout().minusSeconds(1));
      table.move(ALICE, "e4", 0);
      clock.advance(settings.firstMoveTimeout());

      Rejected late = table.rejected(to -> new MakeMove(BOB.userId(), "e5", 1, to),
          Rejection.CONFLICT);
      assertEquals("aborted", late.game().status());
      assertEquals("aborted", late.game().termination());
      assertEquals("*", late.game().result());
      assertEquals(new GameEnded(Result.UNDECIDED, Termination.ABORTED,
          T0.plus(settings.firstMoveTimeout().multipliedBy(2)).minusSeconds(1), 60_000L, 60_000L),
          table.events().get(3));
    }

    @Test
    void anUntimedGameWaitsForItsFirstMoveForAsLongAsItTakes() {
      ManualClock clock = new ManualClock(T0);
      Table table = new Table(clock);
      table.started(null, null);
      clock.advance(Duration.ofDays(3));

      assertEquals("e2e4", table.move(ALICE, "e4", 0).moves().get(0));
    }

    @Test
    void theFirstMoveDeadlineEndsAGameByItselfAfterARestart() {
      ManualClock clock = new ManualClock(T0);
      Table table = new Table(clock);
      table.started(ONE_PLUS_TWO, null);
      testKit.stop(table.game, ChessTestKit.TIMEOUT);

      clock.advance(settings.firstMoveTimeout().plusSeconds(5));
      table.game = table.spawn();
      awaitTrue("the recovered game is aborted", () -> table.events().size() == 3);
      GameEnded aborted = (GameEnded) table.events().get(2);
      assertEquals(Termination.ABORTED, aborted.termination());
    }

    @Test
    void aRestartedGameRearmsItsFlagFromThePersistedTimestamps() {
      ManualClock clock = new ManualClock(T0);
      Table table = new Table(clock);
      table.started(ONE_PLUS_TWO, null);
      table.move(ALICE, "e4", 0);
      table.move(BOB, "e5", 1);
      testKit.stop(table.game, ChessTestKit.TIMEOUT);

      clock.advance(Duration.ofMinutes(5));
      table.game = table.spawn();
      awaitTrue("the recovered game flags", () -> table.events().size() == 5);
      assertEquals(new GameEnded(Result.BLACK_WINS, Termination.TIMEOUT, T0.plusSeconds(300), 0L,
          60_000L), table.events().get(4));
    }
  }

  // ---------------------------------------------------------------- followers

  @Nested
  class Updates {

    @Test
    void everyEventIsPublishedNumberedLikeTheJournalAndGetStateSaysWhereTheyContinue() {
      Table table = table();
      table.started(null, null);
      TestProbe<GameUpdate> updates = testKit.createTestProbe();
      GameTopics.get(testKit.system()).follow(table.id, updates.getRef());
      awaitTrue("the subscription reached the receptionist", () -> subscribed(table.id));

      table.move(ALICE, "f3", 0);
      table.move(BOB, "e5", 1);
      table.move(ALICE, "g4", 2);
      table.move(BOB, "Qh4#", 3);

      assertEquals(new GameUpdate.Moved(table.id, 3, 0, "f2f3", "f3",
          "rnbqkbnr/pppppppp/8/8/8/5P2/PPPPP1PP/RNBQKBNR b KQkq - 0 1", null),
          updates.receiveMessage(ChessTestKit.TIMEOUT));
      assertEquals(4, updates.receiveMessage(ChessTestKit.TIMEOUT).sequenceNr());
      assertEquals(5, updates.receiveMessage(ChessTestKit.TIMEOUT).sequenceNr());
      GameUpdate.Moved mate = (GameUpdate.Moved) updates.receiveMessage(ChessTestKit.TIMEOUT);
      assertEquals(List.of(6L, "Qh4#"), List.of(mate.sequenceNr(), mate.san()));
      assertEquals(new GameUpdate.Ended(table.id, 7, "finished", "0-1", "checkmate", null),
          updates.receiveMessage(ChessTestKit.TIMEOUT));
      assertEquals(7, table.events().size());

      ChessGame.State state = assertInstanceOf(ChessGame.State.class,
          table.ask(ChessGame.GetState::new));
      assertEquals(7, state.sequenceNr());
      assertEquals("finished", state.game().status());
    }

    /** Whether a topic instance for the game is registered (Akka's Topic key; test only). */
    @SuppressWarnings("unchecked")
    private boolean subscribed(String gameId) {
      ServiceKey<TopicImpl.Command<Object>> key = ServiceKey.create(
          (Class<TopicImpl.Command<Object>>) (Class<?>) TopicImpl.Command.class,
          ChessGame.topicName(gameId));
      TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
      testKit.system().receptionist().tell(Receptionist.find(key, listing.getRef()));
      return !listing.receiveMessage(ChessTestKit.TIMEOUT).getServiceInstances(key).isEmpty();
    }
  }

  // ---------------------------------------------------------------- recovery and export

  @Nested
  class Recovery {

    @Test
    void aRestartedGameRecoversTheSameStateFromItsEvents() {
      Table table = table();
      table.started(ONE_PLUS_TWO, null);
      table.move(ALICE, "d4", 0);
      table.accepted(to -> new Draw(BOB.userId(), DrawAction.OFFER, to));
      GameView before = table.accepted(Get::new);
      table.restart();
      assertEquals(before, table.accepted(Get::new));
      assertTrue(ChessTestKit.newestSnapshot(testKit.system(), "ChessGame|" + table.id)
          .isEmpty(), "4 events: no snapshot yet");
    }

    @Test
    void aLongGameRecoversFromItsNewestSnapshot() {
      Table table = table();
      table.started(ONE_PLUS_TWO, null);
      String[] moves = {"e4", "e5", "Nf3", "Nc6", "Bb5", "a6", "Ba4", "Nf6", "O-O", "Be7"};
      for (int ply = 0; ply < moves.length; ply++) {
        table.move(ply % 2 == 0 ? ALICE : BOB, moves[ply], ply);
      }
      GameView before = table.accepted(Get::new);

      ChessTestKit.Stored stored = ChessTestKit.newestSnapshot(testKit.system(),
          "ChessGame|" + table.id).orElseThrow();
      assertEquals(10, stored.sequenceNr(), "every 5 events");
      GameSnapshot snapshot = assertInstanceOf(GameSnapshot.class, stored.snapshot());
      assertEquals(before.moves().subList(0, 8), snapshot.moves());
      table.restart();
      assertEquals(before, table.accepted(Get::new));
    }

    @Test
    void aFinishedGameIsSnapshottedAtItsEnd() {
      Table table = table();
      table.started(null, null);
      table.accepted(to -> new Resign(ALICE.userId(), to));
      ChessTestKit.Stored stored = ChessTestKit.newestSnapshot(testKit.system(),
          "ChessGame|" + table.id).orElseThrow();
      assertEquals(3, stored.sequenceNr());
      assertEquals(Result.BLACK_WINS, ((GameSnapshot) stored.snapshot()).result());
    }

    @Test
    void exportsPgnWithClocksResultAndTermination() {
      ManualClock clock = new ManualClock(T0);
      Table table = new Table(clock);
      table.started(ONE_PLUS_TWO, null);
      table.move(ALICE, "e4", 0);
      table.move(BOB, "e5", 1);
      clock.advance(Duration.ofSeconds(5));
      table.move(ALICE, "Nf3", 2);
      table.accepted(to -> new Resign(BOB.userId(), to));

      String pgn = assertInstanceOf(PgnText.class, table.ask(GetPgn::new)).pgn();
      assertTrue(pgn.contains("[White \"alice\"]"), pgn);
      assertTrue(pgn.contains("[Black \"bob\"]"), pgn);
      assertTrue(pgn.contains("[Result \"1-0\"]"), pgn);
      assertTrue(pgn.contains("[Date \"2024.05.01\"]"), pgn);
      assertTrue(pgn.contains("[TimeControl \"60+2\"]"), pgn);
      assertTrue(pgn.contains("[Termination \"normal\"]"), pgn);
      assertTrue(pgn.replace('\n', ' ').contains("1. e4 { [%clk 0:01:00] } 1... e5"
          + " { [%clk 0:01:00] } 2. Nf3 { [%clk 0:00:57] } 1-0"), pgn);
    }

    @Test
    void aGameFromAPositionExportsItsSetUp() {
      Table table = table();
      table.started(null, "4k3/8/8/8/8/8/8/R3K3 w - - 0 1");
      String pgn = ((PgnText) table.ask(GetPgn::new)).pgn();
      assertTrue(pgn.contains("[SetUp \"1\"]\n[FEN \"4k3/8/8/8/8/8/8/R3K3 w - - 0 1\"]"), pgn);
      assertTrue(pgn.contains("[Termination \"unterminated\"]"), pgn);
      assertTrue(pgn.strip().endsWith("*"), pgn);
    }
  }
}
