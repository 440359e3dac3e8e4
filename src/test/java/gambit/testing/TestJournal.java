package gambit.testing;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.persistence.JournalProtocol;
import akka.persistence.Persistence;
import akka.testkit.javadsl.TestKit;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads what entities persisted, straight from the Redis journal plugin of a test system. */
public final class TestJournal {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private TestJournal() {}

  /** Every event persisted under the id, in order, read from the journal. */
  public static List<Object> events(ActorSystem<?> system, String persistenceId) {
    akka.actor.ActorSystem classic = Adapter.toClassic(system);
    TestKit probe = new TestKit(classic);
    Persistence.get(classic).journalFor("akka-persistence-redis.journal", ConfigFactory.empty())
        .tell(new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE,
            persistenceId, probe.getRef()), probe.getRef());
    List<Object> events = new ArrayList<>();
    while (true) {
      Object message = probe.receiveOne(TIMEOUT);
      if (message instanceof JournalProtocol.ReplayedMessage replayed) {
        events.add(replayed.persistent().payload());
      } else if (message instanceof JournalProtocol.RecoverySuccess) {
        return events;
      } else {
        throw new AssertionError("unexpected journal answer " + message);
      }
    }
  }
}
