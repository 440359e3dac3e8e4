package gambit.bench;

import static gambit.bench.BenchOptions.duration;
import static gambit.bench.BenchOptions.intList;
import static gambit.bench.BenchOptions.integer;
import static gambit.bench.BenchOptions.requireThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The game benchmark's settings, from its command line. A bad option fails with a message
 * naming it; {@link #USAGE} lists them all.
 *
 * @param redisUri an existing Redis to use, or null to start a redis-server of our own
 * @param games the numbers of concurrent games of the move runs
 * @param warmup how long each move run goes before it is measured
 * @param measured how long each move run is measured
 * @param gamePlies how many moves a game of the move runs gets before its players go on to a
 *     new game
 * @param activeGames how many games the memory phase starts
 * @param recoveryPlies the length of the game the recovery phase recovers
 * @param recoveries how many recoveries are measured, with snapshots and without each
 * @param phases which phases run
 */
record GameBenchOptions(
    String redisUri,
    List<Integer> games,
    Duration warmup,
    Duration measured,
    int gamePlies,
    int activeGames,
    int recoveryPlies,
    int recoveries,
    Set<Phase> phases) {

  /** What is measured. */
  enum Phase {
    /** Concurrent games played over HTTP: durable moves/s and latency. */
    MOVES,
    /** A long game stopped and recovered from Redis again and again. */
    RECOVERY,
    /** Heap per live game with many games started. */
    MEMORY
  }

  static final String USAGE = """
      usage: java -cp gambit.jar gambit.bench.GameBenchmark [options]
        --redis-uri URI         use this Redis (redis://host:port). Default: start our own
                                redis-server (appendonly yes, appendfsync everysec)
        --games 16,128          concurrent games of the move runs (two players each, one
                                move in flight per game)
        --warmup 5s             warm-up of every move run (ms, s, m)
        --duration 10s          measured time of every move run
        --game-plies 120        moves per game in the move runs; then its players start
                                another game (created before the run)
        --active-games 100000   games started for the memory phase
        --recovery-plies 300    length of the game that is recovered
        --recoveries 200        measured recoveries, with snapshots and without each
        --phases moves,recovery,memory
                                what to run
        --help                  this text
      """;

  GameBenchOptions {
    games = List.copyOf(games);
    phases = phases.isEmpty() ? Set.of() : EnumSet.copyOf(phases);
    requireThat(!games.isEmpty() && games.stream().allMatch(n -> n > 0), "--games", games,
        "one or more positive numbers");
    requireThat(!warmup.isNegative(), "--warmup", warmup, "a duration >= 0");
    requireThat(!measured.isNegative() && !measured.isZero(), "--duration", measured,
        "a positive duration");
    requireThat(gamePlies > 0 && gamePlies <= 1000, "--game-plies", gamePlies, "1 to 1000");
    requireThat(activeGames > 0, "--active-games", activeGames, "a positive number");
    requireThat(recoveryPlies > 0 && recoveryPlies <= 1000, "--recovery-plies", recoveryPlies,
        "1 to 1000");
    requireThat(recoveries > 0, "--recoveries", recoveries, "a positive number");
    requireThat(!phases.isEmpty(), "--phases", phases, "one or more of moves, recovery, memory");
  }

  static GameBenchOptions defaults() {
    return new GameBenchOptions(null, List.of(16, 128), Duration.ofSeconds(5),
        Duration.ofSeconds(10), 120, 100_000, 300, 200, EnumSet.allOf(Phase.class));
  }

  /**
   * Parses {@code --name value} pairs over the defaults.
   *
   * @throws IllegalArgumentException naming the option when one is unknown or malformed
   */
  static GameBenchOptions parse(String... args) {
    GameBenchOptions options = defaults();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      options = options.with(args[i], args[i + 1]);
    }
    return options;
  }

  private GameBenchOptions with(String name, String value) {
    return switch (name) {
      case "--redis-uri" -> new GameBenchOptions(value, games, warmup, measured, gamePlies,
          activeGames, recoveryPlies, recoveries, phases);
      case "--games" -> new GameBenchOptions(redisUri, intList(name, value), warmup, measured,
          gamePlies, activeGames, recoveryPlies, recoveries, phases);
      case "--warmup" -> new GameBenchOptions(redisUri, games, duration(name, value), measured,
          gamePlies, activeGames, recoveryPlies, recoveries, phases);
      case "--duration" -> new GameBenchOptions(redisUri, games, warmup, duration(name, value),
          gamePlies, activeGames, recoveryPlies, recoveries, phases);
      case "--game-plies" -> new GameBenchOptions(redisUri, games, warmup, measured,
          integer(name, value), activeGames, recoveryPlies, recoveries, phases);
      case "--active-games" -> new GameBenchOptions(redisUri, games, warmup, measured,
          gamePlies, integer(name, value), recoveryPlies, recoveries, phases);
      case "--recovery-plies" -> new GameBenchOptions(redisUri, games, warmup, measured,
          gamePlies, activeGames, integer(name, value), recoveries, phases);
      case "--recoveries" -> new GameBenchOptions(redisUri, games, warmup, measured, gamePlies,
          activeGames, recoveryPlies, integer(name, value), phases);
      case "--phases" -> new GameBenchOptions(redisUri, games, warmup, measured, gamePlies,
          activeGames, recoveryPlies, recoveries, phaseSet(value));
      default -> throw new IllegalArgumentException("unknown option " + name);
    };
  }

  private static Set<Phase> phaseSet(String value) {
    Set<Phase> phases = EnumSet.noneOf(Phase.class);
    for (String part : value.split(",")) {
      try {
        phases.add(Phase.valueOf(part.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--phases " + value + ": " + part
            + " is not one of moves, recovery, memory");
      }
    }
    return phases;
  }
}
