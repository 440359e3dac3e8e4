package gambit.persistence.redis;

import akka.actor.ActorRef;
import akka.actor.ExtendedActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializerWithStringManifest;
import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;

/**
 * A custom serializer for the snapshot store tests (and the journal's, for {@link ProbeRef}),
 * bound in the tests' config:
 *
 * <ul>
 *   <li>{@link ProbeRef} holds an actor reference, written as its serialized path, so it only
 *       works when the store (or journal) serializes and deserializes inside Akka's transport
 *       information (as the TCK checks);
 *   <li>{@link Unreadable} serializes fine but never deserializes, like a snapshot whose class
 *       was changed incompatibly after it was saved.
 * </ul>
 */
public final class TestSnapshotSerializer extends SerializerWithStringManifest {

  /** An actor reference as snapshot. */
  public record ProbeRef(ActorRef ref) {}

  /** A snapshot that cannot be read back. */
  public record Unreadable(String text) {}

  private static final String REF = "ref";
  private static final String UNREADABLE = "unreadable";

  private final ExtendedActorSystem system;

  public TestSnapshotSerializer(ExtendedActorSystem system) {
    this.system = system;
  }

  @Override
  public int identifier() {
    return 424242;
  }

  @Override
  public String manifest(Object o) {
    return o instanceof ProbeRef ? REF : UNREADABLE;
  }

  @Override
  public byte[] toBinary(Object o) {
    if (o instanceof ProbeRef probe) {
      requireTransportInformation();
      return Serialization.serializedActorPath(probe.ref()).getBytes(StandardCharsets.UTF_8);
    }
    return ((Unreadable) o).text().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    if (!REF.equals(manifest)) {
      throw new NotSerializableException("test serializer refuses manifest " + manifest);
    }
    requireTransportInformation();
    String path = new String(bytes, StandardCharsets.UTF_8);
    return new ProbeRef(system.provider().resolveActorRef(path));
  }

  private void requireTransportInformation() {
    // throws IllegalStateException when the caller did not set it
    if (Serialization.getCurrentTransportInformation().system() != system) {
      throw new IllegalStateException("transport information of another ActorSystem");
    }
  }
}
