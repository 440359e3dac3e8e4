package gambit.chess.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One game read by {@link PgnReader}: its tags in file order, the game replayed through the
 * engine, the result from the movetext's termination marker, and the {@code [%clk]} clock
 * comments of the main line. Immutable.
 */
public final class PgnGame {

  private final Map<String, String> tags;
  private final Game game;
  private final Result result;
  private final List<Duration> clocks;

  PgnGame(Map<String, String> tags, Game game, Result result, List<Duration> clocks) {
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    this.game = game;
    this.result = result;
    this.clocks = Collections.unmodifiableList(new ArrayList<>(clocks));
  }

  /** All tags in the order of the file. */
  public Map<String, String> tags() {
    return tags;
  }

  public Optional<String> tag(String name) {
    return Optional.ofNullable(tags.get(name));
  }

  /** The game: start position (from the FEN tag, if any) and every main-line move. */
  public Game game() {
    return game;
  }

  /** The result written at the end of the movetext. */
  public Result result() {
    return result;
  }

  /** The clock after a ply (0-based) when its move carried a {@code [%clk]} comment. */
  public Optional<Duration> clockAfter(int ply) {
    return ply < clocks.size() ? Optional.ofNullable(clocks.get(ply)) : Optional.empty();
  }

  /** How many plies carry a clock comment. */
  public long clockCount() {
    return clocks.stream().filter(clock -> clock != null).count();
  }

  /** The clocks by ply, null where a move had none; as {@link PgnWriter#clocks} takes them. */
  public List<Duration> clocks() {
    return clocks;
  }
}
