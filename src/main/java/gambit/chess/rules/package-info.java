/**
 * Gambit's chess rules engine: positions, legal moves, FEN, SAN, UCI and PGN, after the FIDE Laws
 * of Chess. Plain Java with no Akka and no I/O (it parses and formats strings only), so the game
 * entity can call it and tests run in microseconds. Depends on nothing else of Gambit.
 *
 * <p>Entry points: {@link gambit.chess.rules.Position} (one position, immutable, with its legal
 * moves), {@link gambit.chess.rules.Game} (a start position and the moves played: status,
 * automatic draws and draw claims), {@link gambit.chess.rules.Fen}, {@link gambit.chess.rules.San},
 * {@link gambit.chess.rules.Uci}, {@link gambit.chess.rules.PgnWriter} and
 * {@link gambit.chess.rules.PgnReader}. Bad input is refused with a subclass of
 * {@link gambit.chess.rules.ChessRulesException} whose message states the reason; nothing is ever
 * guessed. Every value type here is immutable and safe to share between threads; the only mutable
 * class is the {@link gambit.chess.rules.PgnWriter} builder.
 */
package gambit.chess.rules;
