/**
 * Live trading: the {@link gambit.trading.Dashboard} entity (one per user, sharded and
 * event-sourced, owning the user's {@link gambit.trading.model.Account}), the
 * {@link gambit.trading.PriceFeed} (a cluster singleton that simulates or takes prices and
 * publishes {@link gambit.trading.Tick}s through per-instrument pub/sub topics,
 * {@link gambit.trading.MarketTopics}), the WebSocket sessions' side of the streams
 * ({@link gambit.trading.StreamSession}, their {@link gambit.trading.Outbox}es, and the node's
 * {@link gambit.trading.TickHub} that fans ticks out to them), and
 * {@link gambit.trading.MarketData}, the last prices and candles in Redis (keys in
 * {@link gambit.trading.TradingKeys}). {@link gambit.trading.Trading} is the node's entry point:
 * settings, catalogue, and the start of sharding and the singleton.
 *
 * <p>Depends on the domain model ({@code gambit.trading.model}), Akka (typed actors, cluster
 * sharding, persistence through its API only, pub/sub) and {@code gambit.node}'s Redis store;
 * never on {@code gambit.http}, which calls it.
 */
package gambit.trading;
