package gambit.chess;

import static gambit.chess.ChessTestKit.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.typesafe.config.Config;
import gambit.chess.ChessGame.Accepted;
import gambit.chess.ChessGame.ColorChoice;
import gambit.chess.ChessGame.Command;
import gambit.chess.ChessGame.Create;
import gambit.chess.ChessGame.GameEnded;
import gambit.chess.ChessGame.Get;
import gambit.chess.ChessGame.MakeMove;
import gambit.chess.ChessGame.Rejected;
import gambit.chess.ChessGame.Rejection;
import gambit.chess.ChessGame.Reply;
import gambit.chess.ChessGame.Resign;
import gambit.chess.rules.Result;
import gambit.testing.ManualClock;
import gambit.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Games under cluster sharding on a one-node cluster with a real Redis: a look at an unknown id
 * creates nothing, finished and idle games leave memory while running ones stay, and after the
 * whole cluster restarts, a game with a running clock comes back by itself and flags.
 */
class ChessGameShardingTest {

  private static final Player ALICE = new Player("u-alice", "alice");
  private static final Player BOB = new Player("u-bob", "bob");

  /** A one-node cluster with games sharded, on the shared Redis under the key prefix. */
  private static ActorSystem<Void> node(String keyPrefix, Clock clock, String overrides) {
    Config config = ChessTestKit.config(TestRedis.shared().uri(), keyPrefix, overrides);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "gambit", config);
    Cluster cluster = Cluster.get(system);
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    awaitTrue("the node is up", () -> cluster.selfMember().status() == MemberStatus.up());
    ChessGame.init(system, ChessSettings.from(config), clock);
    return system;
  }

  private static void stop(ActorSystem<Void> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Reply ask(ActorSystem<?> system, String gameId,
      Function<ActorRef<Reply>, Command> command) throws Exception {
    return ClusterSharding.get(system).entityRefFor(ChessGame.ENTITY_TYPE_KEY, gameId)
        .ask(command::apply, ChessTestKit.TIMEOUT).toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
  }

  private static GameView accepted(ActorSystem<?> system, String gameId,
      Function<ActorRef<Reply>, Command> command) throws Exception {
    Reply reply = ask(system, gameId, command);
    return assertInstanceOf(Accepted.class, reply, () -> "refused: " + reply).game();
  }

  /** A game between Alice and Bob in which both have made their first move. */
  private static String runningGame(ActorSystem<?> system, TimeControl timeControl)
      throws Exception {
    String id = UUID.randomUUID().toString();
    accepted(system, id, to -> new Create(ALICE, timeControl, ColorChoice.WHITE, null, to));
    accepted(system, id, to -> new ChessGame.Join(BOB, to));
    accepted(system, id, to -> new MakeMove(ALICE.userId(), "e4", 0, to));
    GameView view = accepted(system, id, to -> new MakeMove(BOB.userId(), "e5", 1, to));
    assertEquals("white", view.clock() == null ? "white" : view.clock().running());
    return id;
  }

  /** The ids of the games in memory on this node. */
  private static Set<String> gamesInMemory(ActorSystem<?> system) {
    ShardRegion.CurrentShardRegionState state = AskPattern.<akka.cluster.sharding.typed
            .ClusterShardingQuery, ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(system).shardState(),
            replyTo -> new GetShardRegionState(ChessGame.ENTITY_TYPE_KEY, replyTo),
            ChessTestKit.TIMEOUT, system.scheduler())
        .toCompletableFuture().join();
    Set<String> ids = new HashSet<>();
    state.getShards().forEach(shard -> ids.addAll(shard.getEntityIds()));
    return ids;
  }

  @Test
  void lookingAtAnUnknownGameAnswersNotFoundAndLeavesNothingBehind() throws Exception {
    String prefix = ChessTestKit.newPrefix("sharding-unknown");
    ActorSystem<Void> system = node(prefix, Clock.systemUTC(), "");
    try {
      String id = UUID.randomUUID().toString();
      Rejected rejected = assertInstanceOf(Rejected.class, ask(system, id, Get::new));
      assertEquals(Rejection.NOT_FOUND, rejected.rejection());
      awaitTrue("the entity passivated", () -> !gamesInMemory(system).contains(id));
      assertEquals(List.of(), ChessTestKit.events(system, "ChessGame|" + id));
    } finally {
      stop(system);
    }
  }

  @Test
  void finishedAndIdleGamesLeaveMemoryWhileRunningClocksStay() throws Exception {
    String prefix = ChessTestKit.newPrefix("sharding-passivation");
    ActorSystem<Void> system = node(prefix, Clock.systemUTC(), """
        gambit.chess.passivate-idle-after = 300ms
        gambit.chess.finished-passivate-after = 300ms
        """);
    try {
      String running = runningGame(system, TimeControl.parse("10+0").orElseThrow());
      String finished = runningGame(system, null);
      accepted(system, finished, to -> new Resign(BOB.userId(), to));
      String waiting = UUID.randomUUID().toString();
      accepted(system, waiting, to -> new Create(ALICE, null, ColorChoice.BLACK, null, to));
      assertTrue(gamesInMemory(system).containsAll(List.of(running, finished, waiting)));

      awaitTrue("finished and waiting games passivate", () -> {
        Set<String> ids = gamesInMemory(system);
        return !ids.contains(finished) && !ids.contains(waiting);
      });
      assertTrue(gamesInMemory(system).contains(running), "a running clock keeps its game");
      assertEquals("finished", accepted(system, finished, Get::new).status(),
          "a passivated game comes back on request");
    } finally {
      stop(system);
    }
  }

  @Test
  void aRunningGameRestartsByItselfAfterTheClusterRestartsAndFlagsOnTime() throws Exception {
    String prefix = ChessTestKit.newPrefix("sharding-restart");
    ManualClock clock = new ManualClock(Instant.parse("2024-05-01T10:00:00Z"));
    ActorSystem<Void> first = node(prefix, clock, "");
    String id;
    try {
      id = runningGame(first, TimeControl.parse("1+0").orElseThrow());
    } finally {
      stop(first);
    }

    clock.advance(Duration.ofMinutes(3));
    ActorSystem<Void> second = node(prefix, clock, "");
    try {
      String persistenceId = "ChessGame|" + id;
      awaitTrue("the remembered game starts and flags without any request",
          () -> ChessTestKit.events(second, persistenceId).size() == 5);
      GameEnded flag = (GameEnded) ChessTestKit.events(second, persistenceId).get(4);
      assertEquals(Termination.TIMEOUT, flag.termination());
      assertEquals(Result.BLACK_WINS, flag.result());
    } finally {
      stop(second);
    }
  }
}
