package gambit.bench;

/** One line of the report: what wrote or replayed, with the letter the ratios use. */
enum Series {
  PLUGIN("a", "plugin (Redis journal)", "plugin (Redis journal)"),
  INMEM("b", "Akka in-memory journal", "Akka in-memory journal"),
  RAW_ZADD("c", "raw Lettuce ZADD", "raw ZRANGEBYSCORE chunks"),
  RAW_SCRIPT("c'", "raw journal-write.lua", "");

  private final String letter;
  private final String writeLabel;
  private final String replayLabel;

  Series(String letter, String writeLabel, String replayLabel) {
    this.letter = letter;
    this.writeLabel = writeLabel;
    this.replayLabel = replayLabel;
  }

  String letter() {
    return letter;
  }

  String writeLabel() {
    return letter + "  " + writeLabel;
  }

  String replayLabel() {
    return letter + "  " + replayLabel;
  }
}
