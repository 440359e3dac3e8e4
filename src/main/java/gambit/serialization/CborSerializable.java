package gambit.serialization;

/**
 * Marker for every message, event and state of Gambit that crosses the network or goes to the
 * journal: Akka serializes implementors with its Jackson CBOR serializer (see application.conf,
 * {@code akka.actor.serialization-bindings}).
 */
public interface CborSerializable {}
