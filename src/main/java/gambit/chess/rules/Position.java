package gambit.chess.rules;

import static gambit.chess.rules.Bitboards.bit;
import static gambit.chess.rules.Bitboards.lsb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One chess position: piece placement, side to move, castling rights, the en-passant square,
 * and the two move counters. Immutable and thread-safe; {@link #play(Move)} returns a new
 * position. Compact on purpose (eight bitboards, a hash and three ints: 96 bytes of heap with
 * compressed oops), since a server holds many live games.
 *
 * <p>The en-passant square is kept only while an en-passant capture is legal: after a double
 * pawn push that no enemy pawn can legally answer by capturing, it is dropped. So two positions
 * that FIDE Article 9.2.3 calls the same are {@link #samePosition(Position) the same} here, and
 * {@link Fen#format} writes the square only when the capture is possible (as lichess does).
 *
 * <p>Positions come from {@link #initial()}, {@link #fromFen(String)} (validated, see
 * {@link Fen}) or from playing moves; an impossible position cannot be built.
 */
public final class Position {

  static final int WHITE_KINGSIDE = 1;
  static final int WHITE_QUEENSIDE = 2;
  static final int BLACK_KINGSIDE = 4;
  static final int BLACK_QUEENSIDE = 8;

  static final int PAWN = 0;
  static final int KNIGHT = 1;
  static final int BISHOP = 2;
  static final int ROOK = 3;
  static final int QUEEN = 4;
  static final int KING = 5;

  static final int WHITE = 0;
  static final int BLACK = 1;

  /** The castling rights that survive a move from or to each square. */
  private static final int[] CASTLING_KEPT = new int[64];

  static {
    Arrays.fill(CASTLING_KEPT, 15);
    CASTLING_KEPT[4] = ~(WHITE_KINGSIDE | WHITE_QUEENSIDE) & 15;
    CASTLING_KEPT[7] = ~WHITE_KINGSIDE & 15;
    CASTLING_KEPT[0] = ~WHITE_QUEENSIDE & 15;
    CASTLING_KEPT[60] = ~(BLACK_KINGSIDE | BLACK_QUEENSIDE) & 15;
    CASTLING_KEPT[63] = ~BLACK_KINGSIDE & 15;
    CASTLING_KEPT[56] = ~BLACK_QUEENSIDE & 15;
  }

  private static final Position INITIAL =
      Fen.parse("rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1");

  final long pawns;
  final long knights;
  final long bishops;
  final long rooks;
  final long queens;
  final long kings;
  final long white;
  final long black;
  private final long hash;
  /** Bit 0: Black to move; bits 1-4: castling rights; bits 8-14: en-passant square + 1. */
  private final int state;
  private final int halfmoveClock;
  private final int fullmoveNumber;

  private Position(long[] types, long white, long black, int state, int halfmoveClock,
      int fullmoveNumber, long hash) {
    this.pawns = types[PAWN];
    this.knights = types[KNIGHT];
    this.bishops = types[BISHOP];
    this.rooks = types[ROOK];
    this.queens = types[QUEEN];
    this.kings = types[KING];
    this.white = white;
    this.black = black;
    this.state = state;
    this.halfmoveClock = halfmoveClock;
    this.fullmoveNumber = fullmoveNumber;
    this.hash = hash;
  }

  /**
   * Builds a position whose validity the caller ({@link Fen}) has checked, except for the
   * en-passant square, which is dropped here when no legal capture uses it.
   */
  static Position create(long[] types, long white, long black, int sideToMove, int castling,
      int enPassant, int halfmoveClock, int fullmoveNumber) {
    Position position = new Position(types, white, black, state(sideToMove, castling, enPassant),
        halfmoveClock, fullmoveNumber, 0);
    Position hashed = position.withHash(position.computeHash());
    return enPassant >= 0 && !hashed.hasLegalEnPassant() ? hashed.withoutEnPassant() : hashed;
  }

  // ---- public API ----------------------------------------------------------------------------

  /** The standard starting position. */
  public static Position initial() {
    return INITIAL;
  }

  /**
   * Parses and validates a FEN (see {@link Fen#parse} for what is checked).
   *
   * @throws InvalidFenException with the reason when the FEN is malformed or impossible
   */
  public static Position fromFen(String fen) {
    return Fen.parse(fen);
  }

  /** This position as FEN, see {@link Fen#format}. */
  public String toFen() {
    return Fen.format(this);
  }

  public Color sideToMove() {
    return (state & 1) == 0 ? Color.WHITE : Color.BLACK;
  }

  /** The piece on a square (0..63, see {@link Square}), or null when it is empty. */
  public Piece pieceAt(int square) {
    int type = typeAt(square);
    if (type < 0) {
      return null;
    }
    return Piece.of(Bitboards.has(white, square) ? Color.WHITE : Color.BLACK,
        PieceType.ofOrdinal(type));
  }

  /** Whether that side still has the right to castle on that wing (not whether it can now). */
  public boolean hasCastlingRight(Color color, boolean kingside) {
    int right = color == Color.WHITE
        ? (kingside ? WHITE_KINGSIDE : WHITE_QUEENSIDE)
        : (kingside ? BLACK_KINGSIDE : BLACK_QUEENSIDE);
    return (castlingRights() & right) != 0;
  }

  /** The en-passant target square when an en-passant capture is legal now, else -1. */
  public int enPassantSquare() {
    return ((state >>> 8) & 0x7F) - 1;
  }

  /** Half-moves since the last capture or pawn move (the fifty- and 75-move rules). */
  public int halfmoveClock() {
    return halfmoveClock;
  }

  /** The number of the current full move; starts at 1 and grows after each Black move. */
  public int fullmoveNumber() {
    return fullmoveNumber;
  }

  /** Whether the side to move is in check. */
  public boolean isCheck() {
    return checkers() != 0;
  }

  /** Whether the side to move is checkmated. */
  public boolean isCheckmate() {
    return isCheck() && !hasLegalMove();
  }

  /** Whether the side to move is stalemated. */
  public boolean isStalemate() {
    return !isCheck() && !hasLegalMove();
  }

  /** Whether the side to move has at least one legal move. */
  public boolean hasLegalMove() {
    return MoveGenerator.generate(this, new int[MoveGenerator.MAX_MOVES]) > 0;
  }

  /** All legal moves, promotions in the order queen, rook, bishop, knight. Unmodifiable. */
  public List<Move> legalMoves() {
    int[] moves = new int[MoveGenerator.MAX_MOVES];
    int count = MoveGenerator.generate(this, moves);
    List<Move> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(Move.ofCode(moves[i] & MoveGenerator.CODE_MASK));
    }
    return Collections.unmodifiableList(list);
  }

  /** Whether the move is legal here. */
  public boolean isLegal(Move move) {
    return findLegal(move.code()) != 0;
  }

  /**
   * The position after a legal move.
   *
   * @throws IllegalMoveException (reason ILLEGAL) when the move is not legal here
   */
  public Position play(Move move) {
    int encoded = findLegal(move.code());
    if (encoded == 0) {
      throw new IllegalMoveException(IllegalMoveException.Reason.ILLEGAL, move.uci(),
          "not a legal move in " + toFen());
    }
    return make(encoded);
  }

  /**
   * Reads a move in UCI ({@code e7e8q}) or SAN ({@code e8=Q+}): text with UCI's shape is read as
   * UCI (SAN never has it), anything else as SAN. Both readers are strict, see {@link Uci} and
   * {@link San}.
   *
   * @throws IllegalMoveException MALFORMED, AMBIGUOUS or ILLEGAL with the reason
   */
  public Move parseMove(String text) {
    return Uci.looksLikeUci(text) ? Uci.parse(this, text) : San.parse(this, text);
  }

  /** The piece type that would move; null when the origin square is empty. */
  public PieceType movingPiece(Move move) {
    int type = typeAt(move.from());
    return type < 0 ? null : PieceType.ofOrdinal(type);
  }

  /** Whether a legal move captures (en passant included). */
  public boolean isCapture(Move move) {
    int encoded = findLegal(move.code());
    return encoded != 0 && (MoveGenerator.isEnPassant(encoded) || typeAt(move.to()) >= 0);
  }

  /**
   * The repetition key: a 64-bit Zobrist hash of what FIDE Article 9.2.3 compares (placement,
   * side to move, castling rights, and en passant only when legal). Equal positions have equal
   * keys; different positions collide with probability about 2^-64.
   */
  public long repetitionKey() {
    return hash;
  }

  /** Whether both positions are the same in the sense of FIDE Article 9.2.3 (counters ignored). */
  public boolean samePosition(Position other) {
    return hash == other.hash && white == other.white && black == other.black
        && pawns == other.pawns && knights == other.knights && bishops == other.bishops
        && rooks == other.rooks && queens == other.queens && kings == other.kings
        && (state == other.state);
  }

  /**
   * Whether that side could checkmate the opponent by some series of legal moves, judged by
   * material alone; for the flag rule (FIDE 6.9: a flag falls to a draw when the opponent cannot
   * mate by any series of legal moves). The answer is "cannot" only where that is proven, so the
   * test errs towards "can": a flag may lose a game that a full analysis would call drawn, never
   * the reverse. A side cannot mate when, besides its king, it has no pawn, rook or queen and:
   * <ol>
   *   <li>nothing else (a lone king never gives check); or
   *   <li>exactly one knight, against a bare king; or
   *   <li>only bishops, all on squares of one colour, against a king with nothing but bishops
   *       on that same colour (possibly none).
   * </ol>
   * Every other material counts as "can mate": e.g. K+N v K+P, K+N v K+B and K+B v K+N (real
   * mates exist there, helped by the defender's own men), K+N+N v K, and K+N v K+Q (probably
   * never a mate, but not proven here). The position's placement is not examined (no blocked
   * pawn structures, no fortress).
   */
  public boolean canPossiblyCheckmate(Color color) {
    return Material.canPossiblyCheckmate(this, color.ordinal());
  }

  /**
   * Whether neither side can ever checkmate, by material alone: K v K, K+B v K, K+N v K, and
   * positions where the only pieces besides the kings are bishops all on squares of one colour.
   * Such a position is dead (FIDE 5.2.2), so a {@link Game} ends there as a draw.
   */
  public boolean isInsufficientMaterial() {
    return !canPossiblyCheckmate(Color.WHITE) && !canPossiblyCheckmate(Color.BLACK);
  }

  /** Positions are equal when their FENs are: placement, state and both counters. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Position other && samePosition(other)
        && halfmoveClock == other.halfmoveClock && fullmoveNumber == other.fullmoveNumber;
  }

  @Override
  public int hashCode() {
    return Objects.hash(hash, halfmoveClock, fullmoveNumber);
  }

  @Override
  public String toString() {
    return toFen();
  }

  // ---- package internals: state access ----------------------------------------------------

  int side() {
    return state & 1;
  }

  int castlingRights() {
    return (state >>> 1) & 15;
  }

  long colorBoard(int color) {
    return color == WHITE ? white : black;
  }

  long occupied() {
    return white | black;
  }

  long typeBoard(int type) {
    return switch (type) {
      case PAWN -> pawns;
      case KNIGHT -> knights;
      case BISHOP -> bishops;
      case ROOK -> rooks;
      case QUEEN -> queens;
      default -> kings;
    };
  }

  /** The piece type on a square, or -1 when it is empty. */
  int typeAt(int square) {
    long b = bit(square);
    if (((white | black) & b) == 0) {
      return -1;
    }
    if ((pawns & b) != 0) {
      return PAWN;
    }
    if ((knights & b) != 0) {
      return KNIGHT;
    }
    if ((bishops & b) != 0) {
      return BISHOP;
    }
    if ((rooks & b) != 0) {
      return ROOK;
    }
    return (queens & b) != 0 ? QUEEN : KING;
  }

  int kingSquare(int color) {
    return lsb(kings & colorBoard(color));
  }

  /** Pieces of the side not to move that attack the king of the side to move. */
  long checkers() {
    return attackersTo(kingSquare(side()), side() ^ 1, occupied());
  }

  /** Pieces of colour {@code by} attacking a square, sliders seen through {@code occupied}. */
  long attackersTo(int square, int by, long occupied) {
    long attackers = (Bitboards.PAWN[by ^ 1][square] & pawns)
        | (Bitboards.KNIGHT[square] & knights)
        | (Bitboards.KING[square] & kings)
        | (Bitboards.bishopAttacks(square, occupied) & (bishops | queens))
        | (Bitboards.rookAttacks(square, occupied) & (rooks | queens));
    return attackers & colorBoard(by);
  }

  /**
   * Whether the side to move may capture en passant with the pawn on {@code from}: the capture
   * removes two pawns from one rank at once, so it is checked by replaying it on the occupancy
   * (this catches the horizontal pin and discovered checks through the captured pawn).
   */
  boolean enPassantIsLegal(int from, int target) {
    int us = side();
    int captured = target + (us == WHITE ? -8 : 8);
    long occupied = (occupied() ^ bit(from) ^ bit(captured)) | bit(target);
    long theirs = colorBoard(us ^ 1) & ~bit(captured);
    int king = kingSquare(us);
    long attackers = (Bitboards.PAWN[us][king] & pawns)
        | (Bitboards.KNIGHT[king] & knights)
        | (Bitboards.KING[king] & kings)
        | (Bitboards.bishopAttacks(king, occupied) & (bishops | queens))
        | (Bitboards.rookAttacks(king, occupied) & (rooks | queens));
    return (attackers & theirs) == 0;
  }

  /** The legal internal encoding of a move code, or 0 when the move is not legal. */
  int findLegal(int code) {
    int[] moves = new int[MoveGenerator.MAX_MOVES];
    int count = MoveGenerator.generate(this, moves);
    for (int i = 0; i < count; i++) {
      if ((moves[i] & MoveGenerator.CODE_MASK) == code) {
        return moves[i];
      }
    }
    return 0;
  }

  // ---- making a move -------------------------------------------------------------------------

  /** Plays a move from {@link MoveGenerator}; the caller guarantees it is legal here. */
  Position make(int move) {
    int from = MoveGenerator.from(move);
    int to = MoveGenerator.to(move);
    int us = side();
    int them = us ^ 1;
    long[] types = {pawns, knights, bishops, rooks, queens, kings};
    long[] colors = {white, black};
    long h = hash ^ Zobrist.BLACK_TO_MOVE ^ Zobrist.CASTLING[castlingRights()] ^ enPassantKey();

    int moved = typeAt(from);
    int captured = MoveGenerator.isEnPassant(move) ? PAWN : typeAt(to);
    if (captured >= 0) {
      int square = MoveGenerator.isEnPassant(move) ? to + (us == WHITE ? -8 : 8) : to;
      types[captured] ^= bit(square);
      colors[them] ^= bit(square);
      h ^= Zobrist.piece(them, captured, square);
    }
    int placed = MoveGenerator.promotion(move) != 0 ? MoveGenerator.promotion(move) : moved;
    types[moved] ^= bit(from);
    types[placed] |= bit(to);
    colors[us] ^= bit(from) | bit(to);
    h ^= Zobrist.piece(us, moved, from) ^ Zobrist.piece(us, placed, to);
    if (MoveGenerator.isCastle(move)) {
      h ^= moveCastlingRook(types, colors, us, from, to);
    }

    int rights = castlingRights() & CASTLING_KEPT[from] & CASTLING_KEPT[to];
    int halfmove = moved == PAWN || captured >= 0 ? 0 : halfmoveClock + 1;
    h ^= Zobrist.CASTLING[rights];
    Position next = new Position(types, colors[WHITE], colors[BLACK], state(them, rights, -1),
        halfmove, fullmoveNumber + us, h);
    if (!MoveGenerator.isDoublePush(move)) {
      return next;
    }
    // Keep the en-passant square only when a capture there is legal (see the class comment).
    int target = (from + to) >>> 1;
    if ((Bitboards.PAWN[us][target] & types[PAWN] & colors[them]) == 0) {
      return next;
    }
    Position withTarget = new Position(types, colors[WHITE], colors[BLACK],
        state(them, rights, target), halfmove, fullmoveNumber + us,
        h ^ Zobrist.EN_PASSANT_FILE[target & 7]);
    return withTarget.hasLegalEnPassant() ? withTarget : next;
  }

  private static long moveCastlingRook(long[] types, long[] colors, int us, int from, int to) {
    int rookFrom = to > from ? from + 3 : from - 4;
    int rookTo = to > from ? from + 1 : from - 1;
    long change = bit(rookFrom) | bit(rookTo);
    types[ROOK] ^= change;
    colors[us] ^= change;
    return Zobrist.piece(us, ROOK, rookFrom) ^ Zobrist.piece(us, ROOK, rookTo);
  }

  private boolean hasLegalEnPassant() {
    int target = enPassantSquare();
    long capturers = Bitboards.PAWN[side() ^ 1][target] & pawns & colorBoard(side());
    while (capturers != 0) {
      if (enPassantIsLegal(lsb(capturers), target)) {
        return true;
      }
      capturers &= capturers - 1;
    }
    return false;
  }

  private Position withoutEnPassant() {
    return new Position(typesArray(), white, black, state & 0xFF, halfmoveClock, fullmoveNumber,
        hash ^ enPassantKey());
  }

  private Position withHash(long newHash) {
    return new Position(typesArray(), white, black, state, halfmoveClock, fullmoveNumber,
        newHash);
  }

  private long[] typesArray() {
    return new long[] {pawns, knights, bishops, rooks, queens, kings};
  }

  private long enPassantKey() {
    int square = enPassantSquare();
    return square < 0 ? 0 : Zobrist.EN_PASSANT_FILE[square & 7];
  }

  /** The hash from scratch; {@link #make} keeps it incrementally (tests compare the two). */
  long computeHash() {
    long h = side() == BLACK ? Zobrist.BLACK_TO_MOVE : 0;
    for (int color = WHITE; color <= BLACK; color++) {
      for (int type = PAWN; type <= KING; type++) {
        long pieces = typeBoard(type) & colorBoard(color);
        while (pieces != 0) {
          h ^= Zobrist.piece(color, type, lsb(pieces));
          pieces &= pieces - 1;
        }
      }
    }
    return h ^ Zobrist.CASTLING[castlingRights()] ^ enPassantKey();
  }

  private static int state(int side, int castling, int enPassant) {
    return side | castling << 1 | (enPassant + 1) << 8;
  }
}
