/**
 * Gambit: one Java service that runs as a cluster of identical nodes. {@link gambit.Main} wires
 * a node together; the packages below follow the architecture: {@code node} (settings, the
 * self-started Redis, the shared Redis connection, readiness, shutdown), {@code http} (routes,
 * the authentication directive and the problem+json mapping), {@code auth} (accounts, access
 * tokens, refresh sessions, login throttling), {@code persistence.redis} (the Akka Persistence
 * plugin, independent of the rest), and the domain areas that later hold the entities. Arrows
 * run one way: {@code http} -> {@code auth} and entities -> rules, {@code auth} -> {@code node};
 * nothing but {@code Main} imports {@code http}.
 */
package gambit;
