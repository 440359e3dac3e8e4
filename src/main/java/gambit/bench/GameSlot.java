package gambit.bench;

import gambit.tools.GameApi;
import gambit.tools.GameApi.Account;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One game at a time of the move runs, played by its two players over HTTP: each write is the
 * next move of the line by the side to move, with its ply. When a game has had every move of
 * the line, the players go on to the next game made ahead by {@link #prepareGame}, or create
 * one inside the loop when none is left (counted: its create and join then fall into that
 * move's latency). Used by one writer of a {@link ClosedLoop} at a time; the loop's
 * completions order its writes, so the fields need no locks.
 */
final class GameSlot implements ClosedLoop.Writer {

  private final GameApi api;
  private final Account white;
  private final Account black;
  private final List<String> line;
  private final String timeControl;
  private final Deque<String> ready = new ArrayDeque<>();
  private String gameId;
  private int ply;
  private int createdInLoop;

  /**
   * @param line the moves of every game, in UCI, legal from the standard position and never
   *     ending the game
   */
  GameSlot(GameApi api, Account white, Account black, List<String> line, String timeControl) {
    this.api = api;
    this.white = white;
    this.black = black;
    this.line = List.copyOf(line);
    this.timeControl = timeControl;
  }

  /** Creates a game over HTTP (White creates, Black joins) for later; blocks. */
  void prepareGame() {
    String id = api.create(white, timeControl, "white", null).path("gameId").asText();
    api.join(black, id);
    ready.add(id);
  }

  @Override
  public CompletionStage<?> write(long sequence) {
    if (gameId == null || ply == line.size()) {
      nextGame();
    }
    int at = ply;
    return api.moveAcknowledged(at % 2 == 0 ? white : black, gameId, line.get(at), at)
        .thenRun(() -> ply = at + 1);
  }

  private void nextGame() {
    if (ready.isEmpty()) {
      prepareGame();
      createdInLoop++;
    }
    gameId = ready.poll();
    ply = 0;
  }

  /** Games this slot had to create inside the loop because none made ahead was left. */
  int gamesCreatedInLoop() {
    return createdInLoop;
  }
}
