package gambit.chess.rules;

import static gambit.chess.rules.Bitboards.bit;
import static gambit.chess.rules.Bitboards.has;

/**
 * Forsyth-Edwards Notation in and out.
 *
 * <p>{@link #parse} accepts the six standard fields, or the first four alone (EPD style, counters
 * then default to {@code 0 1}); fields are separated by single spaces, leading and trailing
 * blanks are ignored. It refuses, naming the reason:
 * <ul>
 *   <li>syntax: wrong field count, not 8 ranks, a rank that does not add up to 8 squares, two
 *       digits in a row, a letter other than {@code PNBRQKpnbrqk}, a side other than {@code w}
 *       or {@code b}, a castling field other than {@code -} or a subset of {@code KQkq} in that
 *       order, an en-passant field that is not {@code -} or a square, counters that are not
 *       plain decimal numbers (no sign, no leading zero, at most 6 digits) or a full-move
 *       number of 0;
 *   <li>material: not exactly one king per side, a pawn on the first or eighth rank, more than
 *       16 men or 8 pawns for a side, more promoted pieces than missing pawns (queens beyond 1,
 *       rooks and knights beyond 2, bishops beyond 1 per square colour);
 *   <li>castling rights whose king is not on e1/e8 or whose rook is not on its corner;
 *   <li>an en-passant square on the wrong rank for the side to move (6th when White moves, 3rd
 *       when Black moves), or not empty, or whose pawn's origin square is not empty, or with no
 *       pawn of the side that just moved in front of it, or with a half-move clock other than 0;
 *   <li>check: the side not to move in check, or the side to move checked by more than two men;
 *   <li>counters: a half-move clock larger than the number of half-moves the full-move number
 *       allows ({@code 2 * (fullmove - 1)}, plus one when Black is to move).
 * </ul>
 *
 * <p>{@link #format} writes the en-passant square only when an en-passant capture is legal (see
 * {@link Position}), so equal positions always give equal FENs; a parsed FEN whose en-passant
 * square no pawn can use therefore comes back out with {@code -}.
 */
public final class Fen {

  /** The standard starting position. */
  public static final String INITIAL = "rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1";

  private static final String CASTLING_LETTERS = "KQkq";

  private Fen() {}

  /**
   * Parses and validates a FEN.
   *
   * @throws InvalidFenException naming the first rule the text breaks (also for null)
   */
  public static Position parse(String fen) {
    if (fen == null) {
      throw new InvalidFenException("null", "no FEN given");
    }
    return new Parser(fen).parse();
  }

  /** The FEN of a position, always six fields. */
  public static String format(Position position) {
    StringBuilder fen = new StringBuilder(90);
    for (int rank = 7; rank >= 0; rank--) {
      appendRank(fen, position, rank);
      fen.append(rank > 0 ? "/" : " ");
    }
    fen.append(position.sideToMove().fenLetter()).append(' ');
    appendCastling(fen, position.castlingRights());
    int enPassant = position.enPassantSquare();
    fen.append(' ').append(enPassant < 0 ? "-" : Square.name(enPassant));
    return fen.append(' ').append(position.halfmoveClock())
        .append(' ').append(position.fullmoveNumber()).toString();
  }

  private static void appendRank(StringBuilder fen, Position position, int rank) {
    int empty = 0;
    for (int file = 0; file < 8; file++) {
      Piece piece = position.pieceAt(rank * 8 + file);
      if (piece == null) {
        empty++;
        continue;
      }
      if (empty > 0) {
        fen.append(empty);
        empty = 0;
      }
      fen.append(piece.fenLetter());
    }
    if (empty > 0) {
      fen.append(empty);
    }
  }

  private static void appendCastling(StringBuilder fen, int rights) {
    if (rights == 0) {
      fen.append('-');
      return;
    }
    for (int i = 0; i < 4; i++) {
      if ((rights & (1 << i)) != 0) {
        fen.append(CASTLING_LETTERS.charAt(i));
      }
    }
  }

  /** One parse: the text, then the fields as they are read. */
  private static final class Parser {
    private final String fen;
    private final long[] types = new long[6];
    private final long[] colors = new long[2];
    private int side;
    private int castling;
    private int enPassant = -1;
    private int halfmove;
    private int fullmove = 1;

    Parser(String fen) {
      this.fen = fen;
    }

    Position parse() {
      String[] fields = fields();
      placement(fields[0]);
      side = sideToMove(fields[1]);
      castling = castling(fields[2]);
      enPassant = enPassantField(fields[3]);
      if (fields.length == 6) {
        halfmove = counter(fields[4], "half-move clock");
        fullmove = counter(fields[5], "full-move number");
      }
      checkMaterial();
      checkCastling();
      checkEnPassant();
      checkCounters();
      Position position = Position.create(types, colors[0], colors[1], side, castling,
          enPassant, halfmove, fullmove);
      checkChecks(position);
      return position;
    }

    private InvalidFenException fail(String reason) {
      return new InvalidFenException(fen, reason);
    }

    private String[] fields() {
      String[] fields = fen.strip().split(" ", -1);
      if (fields.length != 6 && fields.length != 4) {
        throw fail("expected 6 fields separated by single spaces (or the first 4 alone), found "
            + fields.length);
      }
      for (String field : fields) {
        if (field.isEmpty()) {
          throw fail("fields must be separated by single spaces");
        }
      }
      return fields;
    }

    private void placement(String board) {
      String[] ranks = board.split("/", -1);
      if (ranks.length != 8) {
        throw fail("expected 8 ranks separated by '/', found " + ranks.length);
      }
      for (int i = 0; i < 8; i++) {
        rank(ranks[i], 7 - i);
      }
    }

    private void rank(String text, int rank) {
      int file = 0;
      boolean afterDigit = false;
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (ch >= '1' && ch <= '8') {
          if (afterDigit) {
            throw fail("rank " + (rank + 1) + " has two digits in a row");
          }
          file += ch - '0';
          afterDigit = true;
        } else {
          Piece piece = Piece.ofFenLetter(ch);
          if (piece == null) {
            throw fail("bad piece letter '" + ch + "' in rank " + (rank + 1));
          }
          if (file < 8) {
            types[piece.type().ordinal()] |= bit(rank * 8 + file);
            colors[piece.color().ordinal()] |= bit(rank * 8 + file);
          }
          file++;
          afterDigit = false;
        }
      }
      if (file != 8) {
        throw fail("rank " + (rank + 1) + " has " + file + " squares, expected 8");
      }
    }

    private int sideToMove(String field) {
      return switch (field) {
        case "w" -> Position.WHITE;
        case "b" -> Position.BLACK;
        default -> throw fail("side to move must be 'w' or 'b', found '" + Echo.clip(field) + "'");
      };
    }

    private int castling(String field) {
      if (field.equals("-")) {
        return 0;
      }
      int rights = 0;
      int next = 0;
      for (int i = 0; i < field.length(); i++) {
        int index = CASTLING_LETTERS.indexOf(field.charAt(i), next);
        if (index < 0) {
          throw fail("castling field '" + Echo.clip(field)
              + "': expected '-' or letters of KQkq, each at most once, in that order");
        }
        rights |= 1 << index;
        next = index + 1;
      }
      return rights;
    }

    private int enPassantField(String field) {
      if (field.equals("-")) {
        return -1;
      }
      if (field.length() != 2 || !Square.isName(field, 0)) {
        throw fail("en-passant field must be '-' or a square, found '" + Echo.clip(field) + "'");
      }
      return Square.at(field, 0);
    }

    private int counter(String field, String name) {
      boolean digits = field.chars().allMatch(ch -> ch >= '0' && ch <= '9');
      if (!digits || field.length() > 6 || (field.length() > 1 && field.charAt(0) == '0')) {
        throw fail(name + " must be a decimal number without sign or leading zero (at most 6"
            + " digits), found '" + Echo.clip(field) + "'");
      }
      return Integer.parseInt(field);
    }

    private void checkMaterial() {
      for (int color = 0; color < 2; color++) {
        String name = color == 0 ? "White" : "Black";
        long own = colors[color];
        int kings = Long.bitCount(types[Position.KING] & own);
        if (kings != 1) {
          throw fail(name + " has " + kings + " kings, expected exactly one");
        }
        long pawns = types[Position.PAWN] & own;
        if ((pawns & (Bitboards.RANK_1 | Bitboards.RANK_8)) != 0) {
          int square = Bitboards.lsb(pawns & (Bitboards.RANK_1 | Bitboards.RANK_8));
          throw fail(name + " pawn on " + Square.name(square) + ": pawns never stand on the"
              + " first or eighth rank");
        }
        checkCounts(name, own);
      }
    }

    private void checkCounts(String name, long own) {
      int men = Long.bitCount(own);
      if (men > 16) {
        throw fail(name + " has " + men + " men, at most 16 are possible");
      }
      int pawns = Long.bitCount(types[Position.PAWN] & own);
      if (pawns > 8) {
        throw fail(name + " has " + pawns + " pawns, at most 8 are possible");
      }
      long bishops = types[Position.BISHOP] & own;
      int promoted = extra(types[Position.QUEEN] & own, 1) + extra(types[Position.ROOK] & own, 2)
          + extra(types[Position.KNIGHT] & own, 2)
          + extra(bishops & Bitboards.DARK_SQUARES, 1)
          + extra(bishops & ~Bitboards.DARK_SQUARES, 1);
      if (promoted > 8 - pawns) {
        throw fail(name + " has at least " + promoted + " promoted pieces but only "
            + (8 - pawns) + " missing pawns");
      }
    }

    private static int extra(long pieces, int original) {
      return Math.max(0, Long.bitCount(pieces) - original);
    }

    private void checkCastling() {
      requireCastlingMen(Position.WHITE_KINGSIDE, 'K', Position.WHITE, 4, 7);
      requireCastlingMen(Position.WHITE_QUEENSIDE, 'Q', Position.WHITE, 4, 0);
      requireCastlingMen(Position.BLACK_KINGSIDE, 'k', Position.BLACK, 60, 63);
      requireCastlingMen(Position.BLACK_QUEENSIDE, 'q', Position.BLACK, 60, 56);
    }

    private void requireCastlingMen(int right, char letter, int color, int king, int rook) {
      if ((castling & right) == 0) {
        return;
      }
      long own = colors[color];
      if (!has(types[Position.KING] & own, king) || !has(types[Position.ROOK] & own, rook)) {
        String colour = color == Position.WHITE ? "white" : "black";
        throw fail("castling right '" + letter + "' needs the " + colour + " king on "
            + Square.name(king) + " and a " + colour + " rook on " + Square.name(rook));
      }
    }

    private void checkEnPassant() {
      if (enPassant < 0) {
        return;
      }
      String square = Square.name(enPassant);
      int rank = side == Position.WHITE ? 5 : 2;
      if (Square.rank(enPassant) != rank) {
        throw fail("en-passant square " + square + " must be on rank " + (rank + 1) + " when "
            + (side == Position.WHITE ? "White" : "Black") + " is to move");
      }
      int step = side == Position.WHITE ? -8 : 8;
      long occupied = colors[0] | colors[1];
      if (has(occupied, enPassant) || has(occupied, enPassant - step)) {
        throw fail("en-passant square " + square + " and the square behind it must be empty");
      }
      long pusher = types[Position.PAWN] & colors[side ^ 1];
      if (!has(pusher, enPassant + step)) {
        throw fail("en-passant square " + square + " without a pawn on "
            + Square.name(enPassant + step) + " that could just have moved two squares");
      }
      if (halfmove != 0) {
        throw fail("en-passant square " + square + " requires a half-move clock of 0"
            + " (the double step was a pawn move)");
      }
    }

    private void checkCounters() {
      if (fullmove < 1) {
        throw fail("full-move number must be at least 1");
      }
      int plies = 2 * (fullmove - 1) + side;
      if (halfmove > plies) {
        throw fail("half-move clock " + halfmove + " exceeds the " + plies
            + " half-moves played by full move " + fullmove);
      }
    }

    private void checkChecks(Position position) {
      int other = side ^ 1;
      if (position.attackersTo(position.kingSquare(other), side, position.occupied()) != 0) {
        throw fail("the side not to move (" + (other == 0 ? "White" : "Black")
            + ") is in check");
      }
      int checkers = Long.bitCount(position.checkers());
      if (checkers > 2) {
        throw fail("the side to move is in check from " + checkers
            + " men, at most 2 are possible");
      }
    }
  }
}
