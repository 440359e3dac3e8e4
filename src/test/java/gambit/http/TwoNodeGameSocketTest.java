package gambit.http;

import static gambit.http.GameFlows.move;
import static gambit.http.GameFlows.ok;
import static gambit.http.GameFlows.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.internal.pubsub.TopicImpl;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.sharding.ShardRegion;
import akka.cluster.sharding.typed.ClusterShardingQuery;
import akka.cluster.sharding.typed.GetShardRegionState;
import akka.cluster.sharding.typed.javadsl.ClusterSharding;
import akka.cluster.typed.Cluster;
import com.fasterxml.jackson.databind.JsonNode;
import gambit.chess.ChessGame;
import gambit.http.GameFlows.User;
import gambit.testing.ApiServer;
import gambit.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of one cluster: a spectator connected to the node that does not host the game
 * receives its updates through cluster pub/sub, and a player on that node moves over its socket.
 */
class TwoNodeGameSocketTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void aSocketOnTheOtherNodeFollowsAndPlaysTheGame() throws Exception {
    try (ApiServer first = ApiServer.startWithGames(TestRedis.shared().uri(), "",
            Clock.systemUTC());
        ApiServer second = ApiServer.joining(first, Clock.systemUTC())) {
      await("two members", () -> Cluster.get(first.system()).state().members().size() == 2);
      User alice = GameFlows.user(first, "alice");
      User bob = GameFlows.user(first, "bob");
      String id = started(first, alice, bob, "none", null);
      ApiServer host = hosts(first, id) ? first : second;
      ApiServer other = host == first ? second : first;
      assertNotEquals(hosts(host, id), hosts(other, id));

      try (SocketClient spectator = SocketClient.connect(other.system(), other.port(),
              "/ws/games/" + id);
          SocketClient black = SocketClient.connect(other.system(), other.port(),
              "/ws/games/" + id + "?access_token=" + bob.token())) {
        assertEquals(2, spectator.next("state").path("seq").asLong());
        black.next("state");
        await("the game's node knows the other node's subscription",
            () -> registered(host.system(), id) == 1);

        ok(move(host, id, alice, "d4", 0));
        JsonNode moved = spectator.next("move");
        assertEquals(3, moved.path("seq").asLong());
        assertEquals("d2d4", moved.path("uci").asText());

        assertEquals("d2d4", black.next("move").path("uci").asText());
        black.send("{\"type\":\"move\",\"move\":\"Nf6\",\"ply\":1}");
        assertEquals("g8f6", spectator.next("move").path("uci").asText());
        assertEquals(2, ok(host.get("/api/games/" + id)).path("ply").asInt());
      }
    }
  }

  /**
   * The game's node leaves (an untimed game, so not remembered: it starts again on the other
   * node with the next command). The first move after that, the first update the game
   * publishes from its new node, reaches a spectator connected all along as a move frame, not
   * through the socket's periodic re-check of the game (30 s).
   */
  @Test
  void aSpectatorGetsTheFirstMoveAfterTheGameMovedToItsNode() throws Exception {
    ApiServer first = ApiServer.startWithGames(TestRedis.shared().uri(), "", Clock.systemUTC());
    ApiServer second = ApiServer.joining(first, Clock.systemUTC());
    try {
      await("two members", () -> Cluster.get(first.system()).state().members().size() == 2);
      User alice = GameFlows.user(first, "alice");
      User bob = GameFlows.user(first, "bob");
      String id = started(first, alice, bob, "none", null);
      ApiServer host = hosts(first, id) ? first : second;
      ApiServer other = host == first ? second : first;

      try (SocketClient spectator = SocketClient.connect(other.system(), other.port(),
          "/ws/games/" + id)) {
        assertEquals(2, spectator.next("state").path("seq").asLong());
        await("the game's node knows the other node's subscription",
            () -> registered(host.system(), id) == 1);
        host.close();
        await("the other node is alone",
            () -> Cluster.get(other.system()).state().members().size() == 1);

        ok(move(other, id, alice, "e4", 0));
        JsonNode moved = spectator.next();
        assertEquals("move", moved.path("type").asText(), moved.toString());
        assertEquals(3, moved.path("seq").asLong());
        assertEquals(true, hosts(other, id), "the game moved");
      }
    } finally {
      second.close();
      first.close();
    }
  }

  /** Whether the game's entity runs on this node. */
  private static boolean hosts(ApiServer server, String gameId) {
    ShardRegion.CurrentShardRegionState state = AskPattern.<ClusterShardingQuery,
            ShardRegion.CurrentShardRegionState>ask(
            ClusterSharding.get(server.system()).shardState(),
            replyTo -> new GetShardRegionState(ChessGame.ENTITY_TYPE_KEY, replyTo),
            TIMEOUT, server.system().scheduler())
        .toCompletableFuture().join();
    return state.getShards().stream().anyMatch(shard -> shard.getEntityIds().contains(gameId));
  }

  /** Topic instances with subscribers for the game, as this node's receptionist sees them. */
  @SuppressWarnings("unchecked")
  private static int registered(ActorSystem<?> system, String gameId) {
    ServiceKey<TopicImpl.Command<Object>> key = ServiceKey.create(
        (Class<TopicImpl.Command<Object>>) (Class<?>) TopicImpl.Command.class,
        ChessGame.topicName(gameId));
    return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(system.receptionist(),
            replyTo -> Receptionist.find(key, replyTo), TIMEOUT, system.scheduler())
        .toCompletableFuture().join().getServiceInstances(key).size();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }
}
