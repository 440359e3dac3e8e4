package gambit.chess.rules;

/**
 * Material-only answers to "can this side still checkmate?" FIDE asks whether a checkmate can
 * arise "by any series of legal moves", which in general needs a search; this test looks at the
 * pieces alone and says "cannot" only in cases that are proven, so it errs towards "can" (a flag
 * may then lose a game that a full analysis would call drawn, never the reverse).
 *
 * <p>A side cannot checkmate when it has, besides its king, no pawn, rook or queen and:
 * <ol>
 *   <li>no piece at all (a lone king never gives check); or
 *   <li>exactly one knight, and the opponent has a bare king (K+N v K: nothing can block the
 *       king's flight squares); or
 *   <li>only bishops, all on squares of one colour, and the opponent has nothing but bishops on
 *       that same colour (possibly none). A king on that colour always keeps an orthogonal
 *       neighbour of the other colour that no bishop can cover or occupy and that the attacker's
 *       king cannot cover without standing next to the mated king; no pawns means no new pieces.
 * </ol>
 * Everything else counts as "can mate", e.g. K+N v K+P, K+B v K+N and K+N v K+Q (the last is
 * probably never a mate, but that is not proven here).
 */
final class Material {

  private Material() {}

  static boolean canPossiblyCheckmate(Position p, int color) {
    long own = p.colorBoard(color) & ~p.kings;
    long theirs = p.colorBoard(color ^ 1) & ~p.kings;
    if (own == 0) {
      return false;
    }
    if ((own & (p.pawns | p.rooks | p.queens)) != 0) {
      return true;
    }
    long knights = own & p.knights;
    if (knights != 0) {
      return Long.bitCount(own) > 1 || theirs != 0;
    }
    if ((theirs & ~p.bishops) != 0) {
      return true;
    }
    long bishops = own | theirs;
    boolean oneColour = (bishops & Bitboards.DARK_SQUARES) == 0
        || (bishops & ~Bitboards.DARK_SQUARES) == 0;
    return !oneColour;
  }
}
