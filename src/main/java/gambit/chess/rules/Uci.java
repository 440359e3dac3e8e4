package gambit.chess.rules;

import java.util.regex.Pattern;

/**
 * UCI move notation: origin, destination and a lower-case promotion letter ({@code e2e4},
 * {@code e7e8n}); castling is the king's move ({@code e1g1}).
 *
 * <p>Strict: lower case only, no null move {@code 0000}, no king-takes-rook castling
 * ({@code e1h1}), a promotion letter exactly when a pawn reaches the last rank.
 */
public final class Uci {

  private static final Pattern SYNTAX = Pattern.compile("[a-h][1-8][a-h][1-8][nbrq]?");

  private Uci() {}

  /** Whether the text has UCI's shape (legality aside); SAN never has it. */
  public static boolean looksLikeUci(String text) {
    return text != null && SYNTAX.matcher(text).matches();
  }

  /**
   * The legal move that the UCI text names.
   *
   * @throws IllegalMoveException MALFORMED for text that is not UCI, ILLEGAL for a move that is
   *     not legal here (with a hint when only the promotion letter is wrong or missing)
   */
  public static Move parse(Position position, String uci) {
    if (!looksLikeUci(uci)) {
      throw new IllegalMoveException(IllegalMoveException.Reason.MALFORMED, String.valueOf(uci),
          "expected UCI such as e2e4 or e7e8q (lower case)");
    }
    int from = Square.at(uci, 0);
    int to = Square.at(uci, 2);
    if (from == to) {
      throw new IllegalMoveException(IllegalMoveException.Reason.MALFORMED, uci,
          "origin and destination are the same square");
    }
    PieceType promotion = uci.length() == 5
        ? PieceType.ofLetter(Character.toUpperCase(uci.charAt(4))) : null;
    Move move = new Move(from, to, promotion);
    if (position.isLegal(move)) {
      return move;
    }
    throw new IllegalMoveException(IllegalMoveException.Reason.ILLEGAL, uci,
        whyIllegal(position, move));
  }

  /** UCI text of a move. */
  public static String format(Move move) {
    return move.uci();
  }

  private static String whyIllegal(Position position, Move move) {
    if (move.promotion() == null
        && position.isLegal(new Move(move.from(), move.to(), PieceType.QUEEN))) {
      return "a pawn reaching the last rank must name its promotion (q, r, b or n)";
    }
    if (move.promotion() != null && position.isLegal(Move.of(move.from(), move.to()))) {
      return "this move is not a promotion, drop the last letter";
    }
    return "not a legal move in " + position.toFen();
  }
}
