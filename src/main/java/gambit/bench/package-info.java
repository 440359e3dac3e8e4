/**
 * Benchmark programs, run from the fat jar; not part of a running node.
 *
 * <p>{@link gambit.bench.PersistenceBenchmark} measures the Redis journal against Akka's
 * in-memory journal and against raw Lettuce writes of the same bytes to the same Redis;
 * {@link gambit.bench.TradingBenchmark} measures orders over HTTP and the tick fan-out to
 * WebSocket clients of one node, the clients being a {@link gambit.bench.FanOutClients} process
 * of their own (a minimal NIO WebSocket client, no Akka); {@link gambit.bench.GameBenchmark}
 * measures chess games: durable moves over HTTP, recovery of a long game, heap per active game.
 * The last two assemble a node in their JVM ({@link gambit.bench.BenchNode}: auth,
 * {@code gambit.http.ApiRoutes} and the areas they measure), like {@code gambit.Main}, the one
 * other place that imports {@code gambit.http}. They may depend on the plugin's connection core
 * ({@code gambit.persistence.redis}), the Redis launcher ({@code gambit.node.RedisServerProcess})
 * and the API client of {@code gambit.tools}; nothing depends on this package. A report is the
 * program's standard output, so it prints with {@code System.out}, which main code elsewhere
 * never does.
 */
package gambit.bench;
