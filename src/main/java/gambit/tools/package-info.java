/**
 * Command-line tools run from the fat jar against a running node, over its public HTTP API
 * only: {@link gambit.tools.PlayPgn} plays PGN files through the API as two users
 * ({@link gambit.tools.PgnPlayer}, over the client {@link gambit.tools.GameApi}). They may
 * depend on the rules engine ({@code gambit.chess.rules}) and the game's public names
 * ({@code gambit.chess.Termination}), never on {@code gambit.http} or a node's internals;
 * the benchmarks in {@code gambit.bench} use {@link gambit.tools.GameApi} as their client. A
 * tool's report is its standard output, so it prints with {@code System.out}, as the
 * benchmarks do and main code elsewhere never does.
 */
package gambit.tools;
