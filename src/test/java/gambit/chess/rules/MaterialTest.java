package gambit.chess.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who can still checkmate, by material (the flag rule), and when neither can (an automatic
 * draw). The expected values follow the cases documented on
 * {@link Position#canPossiblyCheckmate}.
 */
class MaterialTest {

  @ParameterizedTest(name = "{2}: White {0}, Black {1}")
  @CsvSource(delimiter = ';', value = {
      "false;false;K v K;4k3/8/8/8/8/8/8/4K3 w - - 0 1",
      "false;true;K v K+Q;4k3/8/8/8/8/8/3q4/4K3 w - - 0 1",
      "false;true;K v K+P;4k3/4p3/8/8/8/8/8/4K3 w - - 0 1",
      "false;true;K v K+R;4k3/8/8/8/8/8/r7/4K3 w - - 0 1",
      "false;false;K+N v K;4k3/8/8/8/8/8/8/1N2K3 w - - 0 1",
      "false;false;K+B v K;4k3/8/8/8/8/8/8/2B1K3 w - - 0 1",
      "true;true;K+N v K+N;1n2k3/8/8/8/8/8/8/1N2K3 w - - 0 1",
      "true;true;K+N v K+B (see the mates below);4k3/8/8/8/8/8/8/1N1bK3 w - - 0 1",
      "true;true;K+N v K+Q (not proven impossible);3qk3/8/8/8/8/8/8/1N2K3 w - - 0 1",
      "true;true;K+N v K+P;4k3/4p3/8/8/8/8/8/1N2K3 w - - 0 1",
      "true;false;K+N+N v K;4k3/8/8/8/8/8/8/1N2KN2 w - - 0 1",
      "false;false;K+B v K+B same colour;2b1k3/8/8/8/8/8/8/4KB2 w - - 0 1",
      "true;true;K+B v K+B opposite colours;3bk3/8/8/8/8/8/8/4KB2 w - - 0 1",
      "false;false;K+B+B v K+B all on dark squares;3bk3/8/8/8/8/8/8/B1B1K3 w - - 0 1",
      "true;false;K+B+B opposite colours v K;4k3/8/8/8/8/8/8/2BBK3 w - - 0 1",
      "true;true;K+B v K+N;1n2k3/8/8/8/8/8/8/2B1K3 w - - 0 1",
      "true;false;K+B+N v K;4k3/8/8/8/8/8/8/1NB1K3 w - - 0 1",
      "true;false;K+P v K;4k3/8/8/8/8/8/4P3/4K3 w - - 0 1",
      "true;true;start position;rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1"})
  void judgesWhoCanStillMate(boolean white, boolean black, String name, String fen) {
    Position position = Position.fromFen(fen);
    assertEquals(white, position.canPossiblyCheckmate(Color.WHITE), "White");
    assertEquals(black, position.canPossiblyCheckmate(Color.BLACK), "Black");
    assertEquals(!white && !black, position.isInsufficientMaterial(), "dead position");
  }

  /** Mates that exist with little material, so "can mate" above is no mere caution there. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "K+N mates K+B;6bk/8/6NK/8/8/8/8/8 b - - 0 1",
      "K+B mates K+N;8/8/8/8/8/6k1/6b1/6NK w - - 0 1",
      "K+N mates K+P;5K1k/5N1p/8/8/8/8/8/8 b - - 0 1",
      "K+N mates K+N;7k/5K1n/6N1/8/8/8/8/8 b - - 0 1"})
  void aMateExistsWithThisMaterial(String name, String fen) {
    assertTrue(Position.fromFen(fen).isCheckmate(), name);
  }
}
