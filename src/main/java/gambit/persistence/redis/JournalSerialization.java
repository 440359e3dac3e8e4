package gambit.persistence.redis;

import akka.actor.ActorRef;
import akka.actor.ExtendedActorSystem;
import akka.persistence.PersistentRepr;
import akka.persistence.journal.Tagged;
import akka.serialization.Serialization;
import akka.serialization.Serialization$;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import java.util.List;
import java.util.Optional;
import scala.Function0;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Converts between Akka's {@link PersistentRepr} and the journal's {@link JournalRecord}, using
 * Akka Serialization for the event and its metadata. Serializers run with Akka's transport
 * information set, so serializers that write or read actor references work. Thread-safe.
 */
final class JournalSerialization {

  private final ExtendedActorSystem system;
  private final Serialization serialization;

  JournalSerialization(ExtendedActorSystem system) {
    this.system = system;
    this.serialization = SerializationExtension.get(system);
  }

  /**
   * The record of one event. A {@link Tagged} payload is unwrapped: its inner payload is stored
   * and its tags go into the record.
   *
   * @param receivedAt the timestamp to store when the event carries none (0)
   * @throws Exception whatever the serializer throws, e.g. {@link java.io.NotSerializableException}
   *     when no serializer is bound to the event's class
   */
  JournalRecord toRecord(PersistentRepr repr, long receivedAt) throws Exception {
    Object payload = repr.payload();
    List<String> tags = List.of();
    if (payload instanceof Tagged tagged) {
      payload = tagged.payload();
      tags = List.copyOf(CollectionConverters.asJava(tagged.tags()));
    }
    Optional<JournalRecord.Payload> metadata = repr.metadata().isDefined()
        ? Optional.of(serialize(repr.metadata().get())) : Optional.empty();
    long timestamp = repr.timestamp() != 0L ? repr.timestamp() : receivedAt;
    return new JournalRecord(repr.sequenceNr(), repr.writerUuid(), repr.manifest(), timestamp,
        serialize(payload), tags, metadata);
  }

  /**
   * The event of a record, as a replay delivers it: no sender, not deleted, with the stored
   * timestamp and metadata.
   *
   * @throws RuntimeException when the payload cannot be deserialized
   */
  PersistentRepr toRepr(String persistenceId, JournalRecord record) {
    PersistentRepr repr = PersistentRepr.apply(deserialize(record.payload()),
        record.sequenceNr(), persistenceId, record.manifest(), false, ActorRef.noSender(),
        record.writerUuid()).withTimestamp(record.timestamp());
    return record.metadata().isPresent()
        ? repr.withMetadata(deserialize(record.metadata().get())) : repr;
  }

  private JournalRecord.Payload serialize(Object value) throws Exception {
    Serializer serializer = serialization.findSerializerFor(value);
    String manifest = Serializers.manifestFor(serializer, value);
    byte[] bytes = withTransportInformation(() -> serializer.toBinary(value));
    return new JournalRecord.Payload(serializer.identifier(), manifest, bytes);
  }

  /** Akka's deserialize sets the transport information itself (serializing does not). */
  private Object deserialize(JournalRecord.Payload payload) {
    return serialization.deserialize(payload.bytes(), payload.serializerId(),
        payload.serializerManifest()).get();
  }

  private <T> T withTransportInformation(Function0<T> body) {
    return Serialization$.MODULE$.withTransportInformation(system, body);
  }
}
