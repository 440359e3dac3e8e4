package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Published perft counts (Chess Programming Wiki, "Perft Results"): any error in move generation,
 * castling, en passant, promotion or check handling changes them.
 */
class PerftTest {

  private static final String START = Fen.INITIAL;
  private static final String KIWIPETE =
      "r3k2r/p1ppqpb1/bn2pnp1/3PN3/1p2P3/2N2Q1p/PPPBBPPP/R3K2R w KQkq -";
  private static final String POSITION_3 = "8/2p5/3p4/KP5r/1R3p1k/8/4P1P1/8 w - -";
  private static final String POSITION_4 =
      "r3k2r/Pppp1ppp/1b3nbN/nP6/BBP1P3/q4N2/Pp1P2PP/R2Q1RK1 w kq - 0 1";
  private static final String POSITION_4_MIRRORED =
      "r2q1rk1/pP1p2pp/Q4n2/bbp1p3/Np6/1B3NBn/pPPP1PPP/R3K2R b KQ - 0 1";
  private static final String POSITION_5 =
      "rnbq1k1r/pp1Pbppp/2p5/8/2B5/8/PPP1NnPP/RNBQK2R w KQ - 1 8";
  private static final String POSITION_6 =
      "r4rk1/1pp1qppp/p1np1n2/2b1p1B1/2B1P1b1/P1NP1N2/1PP1QPPP/R4RK1 w - - 0 10";

  // Martin Sedlak's positions for en passant and castling edge cases (TalkChess).
  private static final String EP_ILLEGAL_1 = "3k4/3p4/8/K1P4r/8/8/8/8 b - - 0 1";
  private static final String EP_ILLEGAL_2 = "8/8/4k3/8/2p5/8/B2P2K1/8 w - - 0 1";
  private static final String EP_GIVES_CHECK = "8/8/1k6/2b5/2pP4/8/5K2/8 b - d3 0 1";
  private static final String SHORT_CASTLE_CHECKS = "5k2/8/8/8/8/8/8/4K2R w K - 0 1";
  private static final String LONG_CASTLE_CHECKS = "3k4/8/8/8/8/8/8/R3K3 w Q - 0 1";
  private static final String CASTLE_UNDER_ATTACK = "1k6/1b6/8/8/7R/8/8/4K2R b K - 0 1";

  @ParameterizedTest(name = "{0} depth {1} = {2}")
  @CsvSource(delimiter = ';', value = {
      START + ";1;20", START + ";2;400", START + ";3;8902", START + ";4;197281",
      START + ";5;4865609",
      KIWIPETE + ";1;48", KIWIPETE + ";2;2039", KIWIPETE + ";3;97862",
      POSITION_3 + ";1;14", POSITION_3 + ";2;191", POSITION_3 + ";3;2812",
      POSITION_3 + ";4;43238",
      POSITION_4 + ";1;6", POSITION_4 + ";2;264", POSITION_4 + ";3;9467",
      POSITION_4_MIRRORED + ";1;6", POSITION_4_MIRRORED + ";2;264",
      POSITION_4_MIRRORED + ";3;9467",
      POSITION_5 + ";1;44", POSITION_5 + ";2;1486", POSITION_5 + ";3;62379",
      POSITION_6 + ";1;46", POSITION_6 + ";2;2079", POSITION_6 + ";3;89890",
      EP_ILLEGAL_1 + ";6;1134888", EP_ILLEGAL_2 + ";6;1015133", EP_GIVES_CHECK + ";6;1440467",
      SHORT_CASTLE_CHECKS + ";6;661072", LONG_CASTLE_CHECKS + ";6;803711",
      CASTLE_UNDER_ATTACK + ";5;1063513"})
  void countsLeavesOfThePublishedPositions(String fen, int depth, long expected) {
    assertEquals(expected, Perft.count(Position.fromFen(fen), depth));
  }
}
