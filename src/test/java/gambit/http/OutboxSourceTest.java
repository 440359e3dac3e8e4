package gambit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import akka.actor.ActorSystem;
import akka.stream.javadsl.Source;
import akka.stream.testkit.TestSubscriber;
import akka.stream.testkit.javadsl.TestSink;
import akka.testkit.javadsl.TestKit;
import gambit.trading.Outbox;
import gambit.trading.StreamSession;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.concurrent.duration.FiniteDuration;

/**
 * The socket source's heartbeats: after an idle interval, and for a dashboard socket (quiet
 * until its first element) never before the snapshot, however long the snapshot takes.
 */
class OutboxSourceTest {

  private static final Object HEARTBEAT = "heartbeat";
  private static final Duration INTERVAL = Duration.ofMillis(100);
  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("outbox-source-test");
  }

  @AfterAll
  static void stop() {
    TestKit.shutdownActorSystem(system);
  }

  private static TestSubscriber.Probe<Object> run(Outbox outbox, boolean quietUntilFirst) {
    return Source.fromGraph(new OutboxSource(outbox, INTERVAL, HEARTBEAT, quietUntilFirst,
            () -> { }))
        .runWith(TestSink.probe(system), system);
  }

  private static FiniteDuration millis(long millis) {
    return FiniteDuration.create(millis, TimeUnit.MILLISECONDS);
  }

  @Test
  void anIdleSourceSendsHeartbeats() {
    TestSubscriber.Probe<Object> probe = run(new Outbox(4), false);
    probe.request(1);
    assertSame(HEARTBEAT, probe.expectNext(millis(2_000)));
  }

  @Test
  void aQuietUntilFirstSourceSendsItsFirstElementBeforeAnyHeartbeat() {
    Outbox outbox = new Outbox(4);
    TestSubscriber.Probe<Object> probe = run(outbox, true);
    probe.request(1);
    probe.expectNoMessage(millis(5 * INTERVAL.toMillis())); // five intervals without a heartbeat

    StreamSession.Out first = new StreamSession.ErrorOut("first");
    outbox.offer(first);
    assertEquals(first, probe.expectNext(millis(2_000)));
    probe.request(1);
    assertSame(HEARTBEAT, probe.expectNext(millis(2_000)), "heartbeats once something went out");
  }
}
