package gambit.chess;

import java.util.List;

/**
 * A game as the API shows it, at one instant (a running clock is read at the moment the view
 * is made). Immutable; serialized as JSON for HTTP and as CBOR between nodes.
 *
 * @param gameId the game's id
 * @param status {@code waiting} (for a second player), {@code active}, {@code finished} or
 *     {@code aborted}
 * @param white White's player, null until someone takes that side
 * @param black Black's player, null until someone takes that side
 * @param initialFen the start position
 * @param fen the current position
 * @param moves the moves in UCI ({@code e2e4}, {@code e7e8q})
 * @param san the same moves in SAN
 * @param ply half-moves played; the {@code ply} the next move must carry
 * @param turn the side to move in the current position: {@code white} or {@code black}
 * @param clock the clocks, null for an untimed game
 * @param result {@code 1-0}, {@code 0-1}, {@code 1/2-1/2}, or {@code *} while undecided
 * @param termination how the game ended ({@link Termination#wire()}), null while it goes on
 * @param drawOffer the side whose draw offer stands ({@code white} or {@code black}), or null
 */
public record GameView(String gameId, String status, Player white, Player black,
    String initialFen, String fen, List<String> moves, List<String> san, int ply, String turn,
    Clocks clock, String result, String termination, String drawOffer) {

  /**
   * Both clocks.
   *
   * @param white White's remaining milliseconds (never below zero)
   * @param black Black's remaining milliseconds
   * @param running the side whose clock runs ({@code white} or {@code black}), or null when
   *     neither does (before both sides have moved, and after the end)
   */
  public record Clocks(long white, long black, String running) {}
}
