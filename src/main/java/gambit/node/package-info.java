/**
 * The node's own machinery: {@link gambit.node.NodeSettings} (the {@code gambit} config section
 * and the operators' environment variables), {@link gambit.node.OwnRedis} and
 * {@link gambit.node.RedisServerProcess} (the Redis a node starts when none is configured),
 * the readiness checks that akka-management calls, cluster membership logging, the shutdown
 * wiring, {@link gambit.node.ShardingJoinCheck} (refuses a joining node with another sharding
 * layout), and {@link gambit.node.RedisStore}, the string-keyed Redis connection that the
 * stateless areas share (failing with {@link gambit.node.StoreUnavailableException} while Redis
 * is down). May use Akka and the Redis plugin's public API; knows nothing of HTTP routes or
 * domain entities.
 */
package gambit.node;
