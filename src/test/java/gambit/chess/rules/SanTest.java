package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gambit.chess.rules.IllegalMoveException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SanTest {

  private static Position fen(String fen) {
    return Position.fromFen(fen);
  }

  private static String san(Position position, String uci) {
    return San.format(position, Uci.parse(position, uci));
  }

  // ---- output --------------------------------------------------------------------------------

  @Test
  void writesPawnPieceAndCaptureMoves() {
    Position position =
        fen("rnbqkbnr/ppp1pppp/8/3p4/4P3/8/PPPP1PPP/RNBQKBNR w KQkq - 0 2");
    assertEquals("e5", san(position, "e4e5"));
    assertEquals("exd5", san(position, "e4d5"));
    assertEquals("Nf3", san(position, "g1f3"));
    assertEquals("Bb5+", san(position, "f1b5"));
  }

  @Test
  void writesCastlingBothWays() {
    Position position = fen("r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1");
    assertEquals("O-O", san(position, "e1g1"));
    assertEquals("O-O-O", san(position, "e1c1"));
  }

  @Test
  void writesPromotionWithCheckAndMate() {
    assertEquals("e8=Q+", san(fen("7k/4P3/8/8/8/8/8/K7 w - - 0 1"), "e7e8q"));
    assertEquals("e8=N+", san(fen("8/4P1k1/8/8/8/8/8/K7 w - - 0 1"), "e7e8n"));
    assertEquals("e8=B", san(fen("8/4P1k1/8/8/8/8/8/K7 w - - 0 1"), "e7e8b"));
    assertEquals("Qh4#", san(
        fen("rnbqkbnr/pppp1ppp/8/4p3/6P1/5P2/PPPPP2P/RNBQKBNR b KQkq - 0 2"), "d8h4"));
  }

  @Test
  void writesEnPassantAsAPawnCapture() {
    assertEquals("exd6", san(fen("4k3/8/8/3pP3/8/8/8/4K3 w - d6 0 1"), "e5d6"));
  }

  @Test
  void disambiguatesByFileFirst() {
    Position position = fen("4k3/8/8/8/8/5N2/8/1N2K3 w - - 0 1");
    assertEquals("Nbd2", san(position, "b1d2"));
    assertEquals("Nfd2", san(position, "f3d2"));
  }

  @Test
  void disambiguatesByRankWhenTheFilesAgree() {
    Position position = fen("1k6/8/8/R7/8/8/8/R6K w - - 0 1");
    assertEquals("R1a3", san(position, "a1a3"));
    assertEquals("R5a3", san(position, "a5a3"));
  }

  @Test
  void disambiguatesBySquareWhenNeitherFileNorRankIsEnough() {
    Position position = fen("7k/8/8/8/8/3Q4/8/3Q1QK1 w - - 0 1");
    assertEquals("Qd1e2", san(position, "d1e2"));
    assertEquals("Q3e2", san(position, "d3e2"));
    assertEquals("Qfe2", san(position, "f1e2"));
  }

  @Test
  void doesNotDisambiguateAgainstAPinnedPiece() {
    Position position = fen("4k3/8/8/b5N1/8/2N5/8/4K3 w - - 0 1");
    assertEquals("Ne4", san(position, "g5e4"), "the knight on c3 is pinned by the bishop");
  }

  // ---- input ---------------------------------------------------------------------------------

  @ParameterizedTest(name = "{1} = {2}")
  @CsvSource(delimiter = ';', value = {
      "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1;O-O;e1g1",
      "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1;0-0;e1g1",
      "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1;O-O-O;e1c1",
      "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1;0-0-0;e1c1",
      "4k3/8/8/8/8/5N2/8/1N2K3 w - - 0 1;Nbd2;b1d2",
      "4k3/8/8/8/8/5N2/8/1N2K3 w - - 0 1;Nb1d2;b1d2",
      "4k3/8/8/8/8/5N2/8/1N2K3 w - - 0 1;Ng5;f3g5",
      "4k3/8/8/8/8/5N2/8/1N2K3 w - - 0 1;Nfg5;f3g5",
      "4k3/8/8/8/8/5N2/8/1N2K3 w - - 0 1;Ng5!?;f3g5",
      "4k3/8/8/8/8/5N2/8/1N2K3 w - - 0 1;Ng5??;f3g5",
      "7k/4P3/8/8/8/8/8/K7 w - - 0 1;e8=Q+;e7e8q",
      "7k/4P3/8/8/8/8/8/K7 w - - 0 1;e8=Q;e7e8q",
      "7k/4P3/8/8/8/8/8/K7 w - - 0 1;e8=R+;e7e8r",
      "8/4P1k1/8/8/8/8/8/K7 w - - 0 1;e8=N+!;e7e8n",
      "8/4P1k1/8/8/8/8/8/K7 w - - 0 1;e8=B;e7e8b",
      "4k3/8/8/3pP3/8/8/8/4K3 w - d6 0 1;exd6;e5d6",
      "rnbqkbnr/pppp1ppp/8/4p3/6P1/5P2/PPPPP2P/RNBQKBNR b KQkq - 0 2;Qh4#;d8h4",
      "rnbqkbnr/pppp1ppp/8/4p3/6P1/5P2/PPPPP2P/RNBQKBNR b KQkq - 0 2;Qh4+;d8h4",
      "rnbqkbnr/pppp1ppp/8/4p3/6P1/5P2/PPPPP2P/RNBQKBNR b KQkq - 0 2;Qh4;d8h4"})
  void readsSan(String fen, String san, String uci) {
    assertEquals(uci, San.parse(fen(fen), san).uci());
  }

  @ParameterizedTest(name = "{1}: {2} {3}")
  @CsvSource(delimiter = ';', value = {
      // malformed
      ";nf3;MALFORMED;not SAN",
      ";Pe4;MALFORMED;not SAN",
      ";e2-e4;MALFORMED;not SAN",
      ";e2e4x;MALFORMED;not SAN",
      ";Nf3++;MALFORMED;not SAN",
      ";Nf3!!!;MALFORMED;unknown annotation",
      ";'';MALFORMED;not SAN",
      ";o-o;MALFORMED;not SAN",
      ";N f3;MALFORMED;not SAN",
      "8/4P1k1/8/8/8/8/8/K7 w - - 0 1;e8Q;MALFORMED;with '='",
      "4k3/8/8/3pP3/8/8/8/4K3 w - d6 0 1;exd6e.p.;MALFORMED;not SAN",
      // ambiguous
      "4k3/8/8/8/8/5N2/8/1N2K3 w - - 0 1;Nd2;AMBIGUOUS;b1d2, f3d2",
      "7k/8/8/8/8/3Q4/8/3Q1QK1 w - - 0 1;Qde2;AMBIGUOUS;d1e2",
      // illegal
      ";Nf4;ILLEGAL;no legal move",
      ";e5;ILLEGAL;no legal move",
      ";Nxf3;ILLEGAL;'x' marks a capture",
      ";Nf3+;ILLEGAL;'+' marks a check",
      ";e4#;ILLEGAL;'#' marks checkmate",
      "8/4P1k1/8/8/8/8/8/K7 w - - 0 1;e8;ILLEGAL;must name its promotion",
      "8/4P1k1/8/8/8/8/8/K7 w - - 0 1;e8=K;MALFORMED;not SAN",
      "8/8/8/8/8/8/4P1k1/K7 w - - 0 1;e3=Q;ILLEGAL;no legal move",
      "rnbqkbnr/ppp1pppp/8/3p4/4P3/8/PPPP1PPP/RNBQKBNR w KQkq - 0 2;xd5;MALFORMED;not SAN",
      "rnbqkbnr/ppp1pppp/8/3p4/4P3/8/PPPP1PPP/RNBQKBNR w KQkq - 0 2;ed5;MALFORMED;not SAN",
      "rnbqkbnr/ppp1pppp/8/3p4/4Q3/8/PPPP1PPP/RNB1KBNR w KQkq - 0 2;Qd5;ILLEGAL;write 'x'",
      "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1;Kg1;ILLEGAL;written O-O",
      "r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1;O-O#;ILLEGAL;'#' marks checkmate"})
  void refusesBadSanWithTheReason(String fen, String san, Reason reason, String detail) {
    Position position = fen == null ? Position.initial() : fen(fen);
    IllegalMoveException error = assertThrows(IllegalMoveException.class,
        () -> San.parse(position, san));
    assertEquals(reason, error.reason(), error.getMessage());
    assertTrue(error.getMessage().contains(detail), error.getMessage());
  }

  @Test
  void refusesAPinnedPiecesMoveAsIllegalNotAmbiguous() {
    Position position = fen("4k3/8/8/b5N1/8/2N5/8/4K3 w - - 0 1");
    assertEquals("g5e4", San.parse(position, "Ne4").uci());
    IllegalMoveException error = assertThrows(IllegalMoveException.class,
        () -> San.parse(position, "Nce4"));
    assertEquals(Reason.ILLEGAL, error.reason());
  }
}
