package gambit.chess.rules;

/**
 * Material-only answers to "can this side still checkmate?"; the cases and why they are safe
 * are listed on {@link Position#canPossiblyCheckmate}. For case 3 (same-coloured bishops on both
 * sides): a king on that colour always keeps an orthogonal neighbour of the other colour that no
 * bishop can cover or occupy and that the attacking king cannot cover without standing next to
 * the mated king; without pawns no other piece can ever appear.
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
