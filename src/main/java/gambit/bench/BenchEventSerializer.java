package gambit.bench;

import akka.serialization.JSerializer;

/**
 * Serializes {@link BenchEntity.Appended} as its payload bytes and nothing else, so the
 * configured payload size is exactly the size of the serialized event and no serializer's
 * own cost (Jackson, CBOR) blurs the comparison between journals. Stateless, thread-safe.
 */
public final class BenchEventSerializer extends JSerializer {

  /** Unique among the serializers of an ActorSystem (Akka reserves 0 to 40). */
  static final int IDENTIFIER = 747_201;

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object event) {
    if (event instanceof BenchEntity.Appended appended) {
      return appended.payload();
    }
    throw new IllegalArgumentException("cannot serialize " + event.getClass().getName());
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    return new BenchEntity.Appended(bytes);
  }
}
