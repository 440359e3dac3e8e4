package gambit.persistence.redis;

import akka.actor.ActorSystem;
import akka.persistence.SelectedSnapshot;
import akka.persistence.SnapshotMetadata;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import gambit.persistence.redis.RedisSnapshotStorage.StoredSnapshot;
import gambit.persistence.redis.SnapshotRecord.CorruptSnapshotException;
import gambit.persistence.redis.SnapshotRecord.SerializedValue;
import java.util.Optional;
import scala.Option;
import scala.util.Try;

/**
 * Turns snapshots into {@link SnapshotRecord} bytes and back with Akka Serialization: whatever
 * serializer the ActorSystem binds to the snapshot's class (and to the class of
 * {@code SnapshotMetadata.metadata}, when there is one) writes it, and the record keeps that
 * serializer's id and manifest so the same serializer reads it back.
 *
 * <p>Akka's {@code Serialization} sets the transport information (needed by serializers that
 * write actor references) itself. Thread-safe.
 */
final class SnapshotSerialization {

  private final Serialization serialization;

  SnapshotSerialization(ActorSystem system) {
    this.serialization = SerializationExtension.get(system);
  }

  /** Thrown when a snapshot or its metadata cannot be serialized or deserialized. */
  static final class SnapshotSerializationException extends RuntimeException {
    SnapshotSerializationException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The record bytes of a snapshot.
   *
   * @throws SnapshotSerializationException when no serializer can write the snapshot or its
   *     metadata
   */
  byte[] toRecord(SnapshotMetadata metadata, Object snapshot) {
    Optional<SerializedValue> extra = metadata.metadata().isDefined()
        ? Optional.of(serialize(metadata.metadata().get(), "the metadata of ", metadata))
        : Optional.empty();
    SerializedValue value = serialize(snapshot, "", metadata);
    return new SnapshotRecord(metadata.sequenceNr(), metadata.timestamp(), value, extra).toBytes();
  }

  /**
   * Reads a stored snapshot back.
   *
   * @throws CorruptSnapshotException when the bytes are not an intact record of that snapshot
   * @throws SnapshotSerializationException when the snapshot or its metadata cannot be
   *     deserialized (unknown serializer id, a class that is gone, a serializer that refuses)
   */
  SelectedSnapshot fromRecord(String persistenceId, StoredSnapshot stored) {
    SnapshotRecord record = SnapshotRecord.fromBytes(stored.record());
    if (record.sequenceNr() != stored.sequenceNr() || record.timestamp() != stored.timestamp()) {
      throw new CorruptSnapshotException("record says sequence number " + record.sequenceNr()
          + " / timestamp " + record.timestamp() + ", its index entry " + stored.sequenceNr()
          + " / " + stored.timestamp());
    }
    Object extra = record.metadata()
        .map(value -> deserialize(value, "the metadata of ", persistenceId, record))
        .orElse(null);
    SnapshotMetadata metadata = new SnapshotMetadata(persistenceId, record.sequenceNr(),
        record.timestamp(), Option.apply(extra));
    return SelectedSnapshot.create(metadata,
        deserialize(record.snapshot(), "", persistenceId, record));
  }

  private SerializedValue serialize(Object value, String what, SnapshotMetadata metadata) {
    Serializer serializer;
    try {
      serializer = serialization.findSerializerFor(value);
    } catch (Exception e) { // Scala code: also an undeclared NotSerializableException
      throw failure("serialize", what, metadata.persistenceId(), metadata.sequenceNr(), e);
    }
    Try<byte[]> bytes = serialization.serialize(value);
    if (bytes.isFailure()) {
      throw failure("serialize", what, metadata.persistenceId(), metadata.sequenceNr(),
          bytes.failed().get());
    }
    return new SerializedValue(serializer.identifier(), Serializers.manifestFor(serializer, value),
        bytes.get());
  }

  private Object deserialize(SerializedValue value, String what, String persistenceId,
      SnapshotRecord record) {
    Try<Object> result =
        serialization.deserialize(value.bytes(), value.serializerId(), value.manifest());
    if (result.isFailure()) {
      throw failure("deserialize", what, persistenceId, record.sequenceNr(),
          result.failed().get());
    }
    return result.get();
  }

  private static SnapshotSerializationException failure(String verb, String what,
      String persistenceId, long sequenceNr, Throwable cause) {
    return new SnapshotSerializationException("cannot " + verb + " " + what + "snapshot "
        + sequenceNr + " of " + persistenceId + ": " + cause, cause);
  }
}
