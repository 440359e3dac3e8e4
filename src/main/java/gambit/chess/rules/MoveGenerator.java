package gambit.chess.rules;

import static gambit.chess.rules.Bitboards.BETWEEN;
import static gambit.chess.rules.Bitboards.LINE;
import static gambit.chess.rules.Bitboards.bit;
import static gambit.chess.rules.Bitboards.has;
import static gambit.chess.rules.Bitboards.lsb;
import static gambit.chess.rules.Position.BISHOP;
import static gambit.chess.rules.Position.KNIGHT;
import static gambit.chess.rules.Position.QUEEN;
import static gambit.chess.rules.Position.ROOK;
import static gambit.chess.rules.Position.WHITE;

/**
 * Legal move generation. Moves are produced already legal (no make-and-test), from three facts
 * computed once per position: the pieces checking our king, our pinned pieces, and the squares
 * a move may land on to answer a check. King moves are tested against the enemy's attacks with
 * our king lifted off the board (so it cannot hide behind itself); en passant is replayed on the
 * occupancy because it removes two pieces from one rank.
 *
 * <p>Internal encoding: an int holding the 15-bit {@link Move#code()} plus a 3-bit kind in bits
 * 15-17 (double push, en passant, castling), so {@link Position#make} needs no lookups to tell
 * special moves apart. 0 never encodes a move (origin and destination would be equal).
 */
final class MoveGenerator {

  /** More than the 218 legal moves any position has. */
  static final int MAX_MOVES = 256;
  static final int CODE_MASK = 0x7FFF;

  private static final int DOUBLE_PUSH = 1 << 15;
  private static final int EN_PASSANT = 2 << 15;
  private static final int CASTLE = 3 << 15;
  private static final int[] PROMOTIONS = {QUEEN, ROOK, BISHOP, KNIGHT};

  private MoveGenerator() {}

  static int from(int move) {
    return move & 63;
  }

  static int to(int move) {
    return (move >>> 6) & 63;
  }

  /** The promotion's piece type constant, 0 when none. */
  static int promotion(int move) {
    return (move >>> 12) & 7;
  }

  static boolean isDoublePush(int move) {
    return (move & (7 << 15)) == DOUBLE_PUSH;
  }

  static boolean isEnPassant(int move) {
    return (move & (7 << 15)) == EN_PASSANT;
  }

  static boolean isCastle(int move) {
    return (move & (7 << 15)) == CASTLE;
  }

  /** Writes the legal moves of the side to move into {@code out}; returns how many. */
  static int generate(Position p, int[] out) {
    Context c = new Context(p);
    int n = kingMoves(c, out, 0);
    if (Long.bitCount(c.checkers) > 1) {
      return n;
    }
    n = pieceMoves(c, out, n);
    n = pawnMoves(c, out, n);
    return c.checkers == 0 ? castlingMoves(c, out, n) : n;
  }

  /** What every generator step needs, computed once. */
  private static final class Context {
    final Position p;
    final int us;
    final long own;
    final long occupied;
    final int king;
    final long checkers;
    /** Where a non-king move may land: anywhere not ours, or when in check, block or capture. */
    final long targets;
    final long pinned;

    Context(Position p) {
      this.p = p;
      this.us = p.side();
      this.own = p.colorBoard(us);
      this.occupied = p.occupied();
      this.king = p.kingSquare(us);
      this.checkers = p.attackersTo(king, us ^ 1, occupied);
      this.targets = checkers == 0 ? ~own : BETWEEN[king][lsb(checkers)] | checkers;
      this.pinned = pinned();
    }

    private long pinned() {
      long theirs = p.colorBoard(us ^ 1);
      long snipers = ((Bitboards.ROOK_EMPTY[king] & (p.rooks | p.queens))
          | (Bitboards.BISHOP_EMPTY[king] & (p.bishops | p.queens))) & theirs;
      long result = 0;
      while (snipers != 0) {
        long between = BETWEEN[king][lsb(snipers)] & occupied;
        if (between != 0 && (between & (between - 1)) == 0 && (between & own) != 0) {
          result |= between;
        }
        snipers &= snipers - 1;
      }
      return result;
    }

    /** The squares a piece on {@code from} may reach without exposing the king. */
    long allowed(int from) {
      return has(pinned, from) ? targets & LINE[king][from] : targets;
    }

    boolean attacked(int square, long occupancy) {
      return p.attackersTo(square, us ^ 1, occupancy) != 0;
    }
  }

  private static int kingMoves(Context c, int[] out, int n) {
    long withoutKing = c.occupied ^ bit(c.king);
    long moves = Bitboards.KING[c.king] & ~c.own;
    while (moves != 0) {
      int to = lsb(moves);
      moves &= moves - 1;
      if (!c.attacked(to, withoutKing)) {
        out[n++] = c.king | to << 6;
      }
    }
    return n;
  }

  private static int pieceMoves(Context c, int[] out, int n) {
    Position p = c.p;
    long knights = p.knights & c.own & ~c.pinned;
    while (knights != 0) {
      int from = lsb(knights);
      knights &= knights - 1;
      n = addAll(out, n, from, Bitboards.KNIGHT[from] & c.targets);
    }
    long diagonal = (p.bishops | p.queens) & c.own;
    while (diagonal != 0) {
      int from = lsb(diagonal);
      diagonal &= diagonal - 1;
      n = addAll(out, n, from, Bitboards.bishopAttacks(from, c.occupied) & c.allowed(from));
    }
    long straight = (p.rooks | p.queens) & c.own;
    while (straight != 0) {
      int from = lsb(straight);
      straight &= straight - 1;
      n = addAll(out, n, from, Bitboards.rookAttacks(from, c.occupied) & c.allowed(from));
    }
    return n;
  }

  private static int addAll(int[] out, int n, int from, long destinations) {
    while (destinations != 0) {
      out[n++] = from | lsb(destinations) << 6;
      destinations &= destinations - 1;
    }
    return n;
  }

  private static int pawnMoves(Context c, int[] out, int n) {
    Position p = c.p;
    long theirs = p.colorBoard(c.us ^ 1);
    int forward = c.us == WHITE ? 8 : -8;
    int startRank = c.us == WHITE ? 1 : 6;
    int enPassant = p.enPassantSquare();
    long pawns = p.pawns & c.own;
    while (pawns != 0) {
      int from = lsb(pawns);
      pawns &= pawns - 1;
      long allowed = c.allowed(from);
      int one = from + forward;
      if (!has(c.occupied, one)) {
        if (has(allowed, one)) {
          n = addPawnMove(out, n, from, one);
        }
        int two = one + forward;
        if (Square.rank(from) == startRank && !has(c.occupied, two) && has(allowed, two)) {
          out[n++] = from | two << 6 | DOUBLE_PUSH;
        }
      }
      long captures = Bitboards.PAWN[c.us][from] & theirs & allowed;
      while (captures != 0) {
        n = addPawnMove(out, n, from, lsb(captures));
        captures &= captures - 1;
      }
      if (enPassant >= 0 && has(Bitboards.PAWN[c.us][from], enPassant)
          && p.enPassantIsLegal(from, enPassant)) {
        out[n++] = from | enPassant << 6 | EN_PASSANT;
      }
    }
    return n;
  }

  private static int addPawnMove(int[] out, int n, int from, int to) {
    if (to >= 8 && to < 56) {
      out[n++] = from | to << 6;
      return n;
    }
    for (int type : PROMOTIONS) {
      out[n++] = from | to << 6 | type << 12;
    }
    return n;
  }

  private static int castlingMoves(Context c, int[] out, int n) {
    int rights = c.p.castlingRights();
    int base = c.us == WHITE ? 0 : 56;
    int kingside = c.us == WHITE ? Position.WHITE_KINGSIDE : Position.BLACK_KINGSIDE;
    int queenside = c.us == WHITE ? Position.WHITE_QUEENSIDE : Position.BLACK_QUEENSIDE;
    // Rights imply king and rook on their home squares (Fen checks it, make() keeps it true).
    if ((rights & kingside) != 0 && (c.occupied & (0x60L << base)) == 0
        && !c.attacked(base + 5, c.occupied) && !c.attacked(base + 6, c.occupied)) {
      out[n++] = base + 4 | (base + 6) << 6 | CASTLE;
    }
    if ((rights & queenside) != 0 && (c.occupied & (0x0EL << base)) == 0
        && !c.attacked(base + 3, c.occupied) && !c.attacked(base + 2, c.occupied)) {
      out[n++] = base + 4 | (base + 2) << 6 | CASTLE;
    }
    return n;
  }
}
