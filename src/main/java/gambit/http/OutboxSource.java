package gambit.http;

import akka.Done;
import akka.stream.Attributes;
import akka.stream.Outlet;
import akka.stream.SourceShape;
import akka.stream.stage.AbstractOutHandler;
import akka.stream.stage.AsyncCallback;
import akka.stream.stage.GraphStage;
import akka.stream.stage.GraphStageLogic;
import akka.stream.stage.TimerGraphStageLogic;
import gambit.trading.Outbox;
import gambit.trading.StreamSession;
import java.time.Duration;

/**
 * A socket's stream of elements, pulled from its {@link Outbox}: one element per demand, so the
 * outbox's conflation happens while the client's TCP connection is full. When there is nothing to
 * send, the stage waits for the outbox's wake-up (one asynchronous callback into the stream, the
 * only message a tick costs per socket). After {@code heartbeatInterval} without an element it
 * emits {@code heartbeat} (with {@code quietUntilFirst}, not before the first element). When
 * the outbox fails it stops at once, even while the client reads nothing: a client too slow to
 * be served ({@link StreamSession.TooSlowException}) is an expected end, so the stream
 * completes (akka-http closes the socket with a close frame and no error log); any other
 * failure fails it. A {@linkplain Outbox#finish finished} outbox completes it once its last
 * reliable element went out. When it stops for any reason (completion, cancellation, failure)
 * it detaches from the outbox and runs {@code onStop} once, on the stream's thread.
 *
 * <p>Why its own heartbeat rather than {@code keepAlive}: that operator checks every socket's
 * idleness on a timer of about a second, which at 10,000 sockets is 10,000 timer messages per
 * second; this stage's timer fires once per interval and re-arms itself for the rest of it.
 */
final class OutboxSource extends GraphStage<SourceShape<Object>> {

  private final Outlet<Object> out = Outlet.create("OutboxSource.out");
  private final SourceShape<Object> shape = SourceShape.of(out);
  private final Outbox outbox;
  private final Duration heartbeatInterval;
  private final Object heartbeat;
  private final boolean quietUntilFirst;
  private final Runnable onStop;

  OutboxSource(Outbox outbox, Duration heartbeatInterval, Object heartbeat,
      boolean quietUntilFirst, Runnable onStop) {
    this.outbox = outbox;
    this.heartbeatInterval = heartbeatInterval;
    this.heartbeat = heartbeat;
    this.quietUntilFirst = quietUntilFirst;
    this.onStop = onStop;
  }

  @Override
  public SourceShape<Object> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      private final AsyncCallback<Done> woken = createAsyncCallback(done -> next());
      private final AsyncCallback<Done> failed = createAsyncCallback(done -> stopForFailure());
      private final Runnable wakeup = () -> woken.invoke(Done.getInstance());
      private final long intervalNanos = heartbeatInterval.toNanos();
      private long lastPush = System.nanoTime();
      private boolean pushed;

      {
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            next();
          }
        });
      }

      @Override
      public void preStart() {
        scheduleOnce("heartbeat", heartbeatInterval);
        outbox.onFailure(() -> failed.invoke(Done.getInstance()));
      }

      private void next() {
        if (!isAvailable(out)) {
          return;
        }
        Object element = outbox.poll(wakeup);
        if (element != null) {
          emit(element);
          return;
        }
        if (outbox.finished()) {
          completeStage();
          return;
        }
        stopForFailure();
      }

      private void stopForFailure() {
        Throwable failure = outbox.failure();
        if (failure instanceof StreamSession.TooSlowException) {
          completeStage();
        } else if (failure != null) {
          failStage(failure);
        }
      }

      private void emit(Object element) {
        lastPush = System.nanoTime();
        pushed = true;
        push(out, element);
      }

      /** Heartbeat if idle for a whole interval (and the client has room), else wait the rest. */
      @Override
      public void onTimer(Object key) {
        long idle = System.nanoTime() - lastPush;
        if (idle >= intervalNanos && isAvailable(out) && (pushed || !quietUntilFirst)) {
          emit(heartbeat);
          idle = 0;
        }
        scheduleOnce("heartbeat", Duration.ofNanos(Math.max(intervalNanos - idle,
            intervalNanos / 16)));
      }

      @Override
      public void postStop() {
        outbox.detach(); // a tick after this must not call into the ended stream
        onStop.run();
      }
    };
  }
}
