package gambit.chess.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Standard Algebraic Notation, in and out.
 *
 * <p>{@link #format} writes canonical SAN: piece letter, the least disambiguation that makes the
 * move unique (file, else rank, else both), {@code x} on captures, {@code =Q} on promotions,
 * {@code O-O} / {@code O-O-O}, and {@code +} or {@code #}.
 *
 * <p>{@link #parse} is strict but practical; it never guesses. It accepts:
 * <ul>
 *   <li>canonical SAN, and also over-specified origins ({@code Ngf3}, {@code Ng1f3}) as long as
 *       they name exactly one legal move;
 *   <li>castling written with zeros ({@code 0-0}, {@code 0-0-0}): unambiguous and common in
 *       typed input;
 *   <li>a missing {@code +} or {@code #}; a {@code +} on a mating move (a mate is a check);
 *   <li>one trailing annotation among {@code ! ? !! ?? !? ?!}, which is ignored.
 * </ul>
 * It refuses (with {@link IllegalMoveException}):
 * <ul>
 *   <li>MALFORMED: anything else, e.g. lower-case piece letters, {@code Pe4}, {@code e8Q}
 *       without {@code =}, {@code exd6 e.p.}, long algebraic {@code e2-e4}, {@code ++};
 *   <li>AMBIGUOUS: {@code Nd2} when two knights can go to d2;
 *   <li>ILLEGAL: no legal move matches, or the text contradicts the move it names: {@code x} on
 *       a move that captures nothing or no {@code x} on a capture, {@code +} on a move that gives
 *       no check, {@code #} on a move that does not mate, a pawn reaching the last rank without
 *       {@code =Q}, and a king's two-square move written {@code Kg1} instead of {@code O-O}.
 * </ul>
 */
public final class San {

  private static final Pattern PIECE_MOVE =
      Pattern.compile("([NBRQK])([a-h])?([1-8])?(x)?([a-h][1-8])");
  private static final Pattern PAWN_MOVE =
      Pattern.compile("(?:([a-h])(x))?([a-h][1-8])(?:=([NBRQ]))?");
  private static final Pattern PROMOTION_WITHOUT_EQUALS =
      Pattern.compile("(?:[a-h]x)?[a-h][18][NBRQ]");
  private static final Set<String> ANNOTATIONS = Set.of("!", "?", "!!", "??", "!?", "?!");

  private San() {}

  /**
   * The SAN of a legal move in a position.
   *
   * @throws IllegalMoveException ILLEGAL when the move is not legal there
   */
  public static String format(Position position, Move move) {
    int[] moves = new int[MoveGenerator.MAX_MOVES];
    int count = MoveGenerator.generate(position, moves);
    for (int i = 0; i < count; i++) {
      if ((moves[i] & MoveGenerator.CODE_MASK) == move.code()) {
        return format(position, moves[i], moves, count);
      }
    }
    throw new IllegalMoveException(IllegalMoveException.Reason.ILLEGAL, move.uci(),
        "not a legal move in " + position.toFen());
  }

  /**
   * The legal move that a SAN text names (see the class comment for what is accepted).
   *
   * @throws IllegalMoveException MALFORMED, AMBIGUOUS or ILLEGAL with the reason
   */
  public static Move parse(Position position, String san) {
    if (san == null) {
      throw malformed("null", "no move given");
    }
    Parsed parsed = Parsed.of(san);
    int[] moves = new int[MoveGenerator.MAX_MOVES];
    int count = MoveGenerator.generate(position, moves);
    List<Integer> matches = new ArrayList<>(2);
    for (int i = 0; i < count; i++) {
      if (parsed.matches(position, moves[i])) {
        matches.add(moves[i]);
      }
    }
    if (matches.isEmpty()) {
      throw new IllegalMoveException(IllegalMoveException.Reason.ILLEGAL, san,
          parsed.whyNoMatch(position, moves, count));
    }
    if (matches.size() > 1) {
      List<String> candidates = new ArrayList<>();
      matches.forEach(m -> candidates.add(Move.ofCode(m & MoveGenerator.CODE_MASK).uci()));
      throw new IllegalMoveException(IllegalMoveException.Reason.AMBIGUOUS, san,
          "matches " + String.join(", ", candidates) + "; add the origin file or rank");
    }
    int move = matches.get(0);
    parsed.checkConsistent(position, move);
    return Move.ofCode(move & MoveGenerator.CODE_MASK);
  }

  // ---- output ----------------------------------------------------------------------------------

  static String format(Position position, int move, int[] legal, int count) {
    StringBuilder san = new StringBuilder(8);
    int from = MoveGenerator.from(move);
    int to = MoveGenerator.to(move);
    if (MoveGenerator.isCastle(move)) {
      san.append(to > from ? "O-O" : "O-O-O");
    } else {
      int type = position.typeAt(from);
      boolean capture = MoveGenerator.isEnPassant(move) || position.typeAt(to) >= 0;
      if (type == Position.PAWN) {
        if (capture) {
          san.append((char) ('a' + Square.file(from))).append('x');
        }
      } else {
        san.append(PieceType.ofOrdinal(type).letter());
        san.append(disambiguation(position, move, legal, count));
        if (capture) {
          san.append('x');
        }
      }
      san.append(Square.name(to));
      int promotion = MoveGenerator.promotion(move);
      if (promotion != 0) {
        san.append('=').append(PieceType.ofOrdinal(promotion).letter());
      }
    }
    Position next = position.make(move);
    if (next.isCheck()) {
      san.append(next.hasLegalMove() ? '+' : '#');
    }
    return san.toString();
  }

  private static String disambiguation(Position position, int move, int[] legal, int count) {
    int from = MoveGenerator.from(move);
    int to = MoveGenerator.to(move);
    int type = position.typeAt(from);
    boolean rival = false;
    boolean sameFile = false;
    boolean sameRank = false;
    for (int i = 0; i < count; i++) {
      int other = MoveGenerator.from(legal[i]);
      if (MoveGenerator.to(legal[i]) != to || other == from || position.typeAt(other) != type
          || MoveGenerator.isCastle(legal[i])) {
        continue;
      }
      rival = true;
      sameFile |= Square.file(other) == Square.file(from);
      sameRank |= Square.rank(other) == Square.rank(from);
    }
    if (!rival) {
      return "";
    }
    if (!sameFile) {
      return String.valueOf((char) ('a' + Square.file(from)));
    }
    return sameRank ? Square.name(from) : String.valueOf((char) ('1' + Square.rank(from)));
  }

  // ---- input -----------------------------------------------------------------------------------

  private static IllegalMoveException malformed(String san, String detail) {
    return new IllegalMoveException(IllegalMoveException.Reason.MALFORMED, san, detail);
  }

  private static IllegalMoveException illegal(String san, String detail) {
    return new IllegalMoveException(IllegalMoveException.Reason.ILLEGAL, san, detail);
  }

  /** A SAN text taken apart; -1 / null where a part is absent. */
  private record Parsed(String text, int castle, int type, int fromFile, int fromRank,
      boolean capture, int to, int promotion, char suffix) {

    static final int NONE = 0;
    static final int KINGSIDE = 1;
    static final int QUEENSIDE = 2;

    static Parsed of(String text) {
      String body = stripAnnotation(text);
      char suffix = 0;
      if (!body.isEmpty() && (body.endsWith("+") || body.endsWith("#"))) {
        suffix = body.charAt(body.length() - 1);
        body = body.substring(0, body.length() - 1);
      }
      switch (body) {
        case "O-O", "0-0":
          return new Parsed(text, KINGSIDE, Position.KING, -1, -1, false, -1, 0, suffix);
        case "O-O-O", "0-0-0":
          return new Parsed(text, QUEENSIDE, Position.KING, -1, -1, false, -1, 0, suffix);
        default:
          return ofMove(text, body, suffix);
      }
    }

    private static String stripAnnotation(String text) {
      int end = text.length();
      while (end > 0 && (text.charAt(end - 1) == '!' || text.charAt(end - 1) == '?')) {
        end--;
      }
      String annotation = text.substring(end);
      if (!annotation.isEmpty() && !ANNOTATIONS.contains(annotation)) {
        throw malformed(text, "unknown annotation '" + Echo.clip(annotation) + "'");
      }
      return text.substring(0, end);
    }

    private static Parsed ofMove(String text, String body, char suffix) {
      Matcher piece = PIECE_MOVE.matcher(body);
      if (piece.matches()) {
        return new Parsed(text, NONE,
            PieceType.ofLetter(piece.group(1).charAt(0)).ordinal(),
            piece.group(2) == null ? -1 : piece.group(2).charAt(0) - 'a',
            piece.group(3) == null ? -1 : piece.group(3).charAt(0) - '1',
            piece.group(4) != null, Square.at(piece.group(5), 0), 0, suffix);
      }
      Matcher pawn = PAWN_MOVE.matcher(body);
      if (pawn.matches()) {
        return new Parsed(text, NONE, Position.PAWN,
            pawn.group(1) == null ? -1 : pawn.group(1).charAt(0) - 'a', -1,
            pawn.group(2) != null, Square.at(pawn.group(3), 0),
            pawn.group(4) == null ? 0 : PieceType.ofLetter(pawn.group(4).charAt(0)).ordinal(),
            suffix);
      }
      if (PROMOTION_WITHOUT_EQUALS.matcher(body).matches()) {
        throw malformed(text, "write a promotion with '=', e.g. e8=Q");
      }
      throw malformed(text, "not SAN (e.g. e4, exd5, Nbd2, Qh4#, e8=Q, O-O)");
    }

    boolean matches(Position position, int move) {
      if (castle != NONE) {
        return MoveGenerator.isCastle(move)
            && (castle == KINGSIDE) == (MoveGenerator.to(move) > MoveGenerator.from(move));
      }
      int from = MoveGenerator.from(move);
      if (MoveGenerator.isCastle(move) || MoveGenerator.to(move) != to
          || position.typeAt(from) != type || MoveGenerator.promotion(move) != promotion
          || (fromFile >= 0 && Square.file(from) != fromFile)
          || (fromRank >= 0 && Square.rank(from) != fromRank)) {
        return false;
      }
      // A pawn's form decides between push and capture; a piece's 'x' is checked afterwards.
      return type != Position.PAWN || capture == (Square.file(from) != Square.file(to));
    }

    String whyNoMatch(Position position, int[] moves, int count) {
      if (castle == NONE && type == Position.PAWN && promotion == 0) {
        for (int i = 0; i < count; i++) {
          if (MoveGenerator.promotion(moves[i]) != 0 && MoveGenerator.to(moves[i]) == to) {
            return "a pawn reaching the last rank must name its promotion, e.g. "
                + Square.name(to) + "=Q";
          }
        }
      }
      if (castle == NONE && type == Position.KING) {
        for (int i = 0; i < count; i++) {
          if (MoveGenerator.isCastle(moves[i]) && MoveGenerator.to(moves[i]) == to) {
            return "castling is written O-O or O-O-O";
          }
        }
      }
      return "no legal move matches it in " + position.toFen();
    }

    void checkConsistent(Position position, int move) {
      boolean captures = MoveGenerator.isEnPassant(move)
          || position.typeAt(MoveGenerator.to(move)) >= 0;
      if (castle == NONE && type != Position.PAWN && capture != captures) {
        throw illegal(text, captures ? "the move captures, write 'x'"
            : "'x' marks a capture but " + Square.name(to) + " is empty");
      }
      if (suffix == 0) {
        return;
      }
      Position next = position.make(move);
      if (suffix == '+' && !next.isCheck()) {
        throw illegal(text, "'+' marks a check but the move gives none");
      }
      if (suffix == '#' && !next.isCheckmate()) {
        throw illegal(text, "'#' marks checkmate but the move does not mate");
      }
    }
  }
}
