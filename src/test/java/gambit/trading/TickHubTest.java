package gambit.trading;

import static gambit.trading.TradingTestKit.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.pubsub.Topic;
import gambit.testing.TestRedis;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's tick hub on a real actor system and pub/sub topics: one topic subscription per
 * instrument however many watchers, every published tick to every watcher of its instrument
 * once, and none after a watcher left.
 */
class TickHubTest {

  private ActorTestKit testKit;
  private MarketTopics topics;
  private TickHub hub;

  @BeforeEach
  void start() {
    testKit = ActorTestKit.create("hub", TradingTestKit.config(TestRedis.shared().uri(),
        TradingTestKit.newPrefix("hub"), "akka.actor.provider = local"));
    topics = new MarketTopics(testKit.system());
    hub = new TickHub(testKit.system(), topics, "test-hub");
  }

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  private int localSubscribers(String symbol) {
    TestProbe<Topic.TopicStats> probe = testKit.createTestProbe();
    topics.ticks(symbol).tell(Topic.getTopicStats(probe.getRef()));
    return probe.receiveMessage().localSubscriberCount();
  }

  private static Tick tick(String symbol, String price) {
    return new Tick(symbol, new BigDecimal(price), Instant.now());
  }

  @Test
  void everyWatcherOfAnInstrumentGetsEachTickOnceThroughOneSubscription() {
    Queue<Tick> first = new ConcurrentLinkedQueue<>();
    Queue<Tick> second = new ConcurrentLinkedQueue<>();
    hub.watch("BTC-USD", first::add);
    hub.watch("BTC-USD", second::add);
    awaitTrue("the hub subscribed", () -> localSubscribers("BTC-USD") == 1);

    Tick one = tick("BTC-USD", "100.00");
    Tick two = tick("BTC-USD", "101.00");
    topics.publish(one);
    topics.publish(tick("ETH-USD", "50.00"));
    topics.publish(two);

    awaitTrue("both ticks delivered", () -> first.size() == 2 && second.size() == 2);
    assertEquals(List.of(one, two), List.copyOf(first));
    assertEquals(List.of(one, two), List.copyOf(second));
    assertEquals(1, localSubscribers("BTC-USD"), "one subscription for two watchers");
  }

  @Test
  void aWatcherThatLeftGetsNoMoreTicksAndTheLastOneToLeaveEndsTheSubscription() {
    Queue<Tick> leaving = new ConcurrentLinkedQueue<>();
    Queue<Tick> staying = new ConcurrentLinkedQueue<>();
    TickHub.Watcher leaver = leaving::add;
    TickHub.Watcher stayer = staying::add;
    hub.watch("BTC-USD", leaver);
    hub.watch("BTC-USD", stayer);
    awaitTrue("the hub subscribed", () -> localSubscribers("BTC-USD") == 1);

    hub.unwatch("BTC-USD", leaver);
    topics.publish(tick("BTC-USD", "100.00"));
    Tick marker = tick("BTC-USD", "102.00");
    topics.publish(marker);

    awaitTrue("the marker delivered", () -> staying.contains(marker));
    assertEquals(List.of(), List.copyOf(leaving));
    assertEquals(1, hub.watchers("BTC-USD"));

    hub.unwatch("BTC-USD", stayer);
    awaitTrue("the hub unsubscribed", () -> localSubscribers("BTC-USD") == 0);
    assertEquals(0, hub.watchers("BTC-USD"));
  }

  @Test
  void aWatcherThatThrowsDoesNotStopTheOthers() {
    Queue<Tick> fine = new ConcurrentLinkedQueue<>();
    hub.watch("BTC-USD", t -> {
      throw new IllegalStateException("broken watcher");
    });
    hub.watch("BTC-USD", fine::add);
    awaitTrue("the hub subscribed", () -> localSubscribers("BTC-USD") == 1);

    topics.publish(tick("BTC-USD", "100.00"));
    topics.publish(tick("BTC-USD", "101.00"));

    awaitTrue("both ticks delivered", () -> fine.size() == 2);
  }
}
