/**
 * {@code akka-persistence-redis}: an Akka Persistence journal and snapshot store on Redis
 * (standalone, Sentinel or Cluster), configured in the {@code akka-persistence-redis} section of
 * its {@code reference.conf}. Self-contained: it imports nothing else of Gambit, only Akka,
 * Lettuce and SLF4J, so it could be lifted into a library of its own. Every Redis key it writes
 * is listed in {@link gambit.persistence.redis.KeySpace}.
 */
package gambit.persistence.redis;
