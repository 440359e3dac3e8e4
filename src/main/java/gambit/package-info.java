/**
 * Gambit: one Java service that runs as a cluster of identical nodes. {@link gambit.Main} wires
 * a node together; the packages below follow the architecture: {@code node} (settings, the
 * self-started Redis, readiness, shutdown), {@code http} (routes and the problem+json mapping),
 * {@code persistence.redis} (the Akka Persistence plugin, independent of the rest), and the
 * domain areas that later hold the entities. Arrows run one way: {@code http} -> entities ->
 * rules; nothing but {@code Main} imports {@code http}.
 */
package gambit;
