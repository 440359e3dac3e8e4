/**
 * Live chess games: the {@link gambit.chess.ChessGame} entity (one per game, under cluster
 * sharding, event-sourced to Redis), the {@link gambit.chess.Referee} that decides what each
 * command does, the {@link gambit.chess.GameState} its events build, clocks and time controls,
 * and the {@link gambit.chess.GameView} the API shows. The chess itself is
 * {@link gambit.chess.rules}; this package adds players, time, draws offered and agreed, and
 * persistence. Depends on the rules engine, Akka and {@code gambit.serialization}, never on
 * {@code gambit.http}.
 */
package gambit.chess;
