package gambit.chess;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The node's registry of live game followers (an Akka extension: one per ActorSystem). It
 * subscribes local followers, e.g. WebSocket connections, to the games they follow, with one
 * topic actor per followed game on this node however many followers it has: each topic actor is
 * an entry in the cluster's receptionist, so one per follower would not scale. A game's topic
 * stops with its last follower. Followers are watched, so a follower that stops is unsubscribed
 * without saying so. Thread-safe; the registry is an actor.
 */
public final class GameTopics implements Extension {

  private static final ExtensionId<GameTopics> ID = new ExtensionId<>() {
    @Override
    public GameTopics createExtension(ActorSystem<?> system) {
      return new GameTopics(system);
    }
  };

  private final ActorSystem<?> system;
  private final ActorRef<Command> registry;

  private GameTopics(ActorSystem<?> system) {
    this.system = system;
    this.registry = system.systemActorOf(behavior(), "game-topics", Props.empty());
  }

  /** This node's registry. */
  public static GameTopics get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  /** Delivers the game's {@link GameUpdate}s to the follower until it stops. */
  public void follow(String gameId, ActorRef<GameUpdate> follower) {
    registry.tell(new Follow(gameId, follower));
  }

  /** How many local followers a game has (tests, metrics). */
  public CompletionStage<Integer> followers(String gameId, Duration timeout) {
    return AskPattern.ask(registry, replyTo -> new CountFollowers(gameId, replyTo), timeout,
        system.scheduler());
  }

  // ---------------------------------------------------------------- the registry actor

  private sealed interface Command {}

  private record Follow(String gameId, ActorRef<GameUpdate> follower) implements Command {}

  private record FollowerStopped(String gameId, ActorRef<GameUpdate> follower)
      implements Command {}

  private record CountFollowers(String gameId, ActorRef<Integer> replyTo) implements Command {}

  private record Followed(ActorRef<Topic.Command<GameUpdate>> topic,
      Set<ActorRef<GameUpdate>> followers) {}

  private static Behavior<Command> behavior() {
    return Behaviors.setup(context -> running(context, new HashMap<>()));
  }

  private static Behavior<Command> running(ActorContext<Command> context,
      Map<String, Followed> games) {
    return Behaviors.receive(Command.class)
        .onMessage(Follow.class, follow -> {
          Followed game = games.computeIfAbsent(follow.gameId(), id -> new Followed(
              context.spawnAnonymous(Topic.create(GameUpdate.class, ChessGame.topicName(id))),
              new HashSet<>()));
          if (game.followers().add(follow.follower())) {
            game.topic().tell(Topic.subscribe(follow.follower()));
            context.watchWith(follow.follower(),
                new FollowerStopped(follow.gameId(), follow.follower()));
          }
          return Behaviors.same();
        })
        .onMessage(FollowerStopped.class, stopped -> {
          Followed game = games.get(stopped.gameId());
          if (game != null && game.followers().remove(stopped.follower())
              && game.followers().isEmpty()) {
            context.stop(game.topic());
            games.remove(stopped.gameId());
          }
          return Behaviors.same();
        })
        .onMessage(CountFollowers.class, count -> {
          Followed game = games.get(count.gameId());
          count.replyTo().tell(game == null ? 0 : game.followers().size());
          return Behaviors.same();
        })
        .build();
  }
}
