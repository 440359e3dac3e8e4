package gambit.http;

import akka.Done;
import akka.stream.Attributes;
import akka.stream.Outlet;
import akka.stream.SourceShape;
import akka.stream.stage.AbstractOutHandler;
import akka.stream.stage.AsyncCallback;
import akka.stream.stage.GraphStage;
import akka.stream.stage.GraphStageLogic;
import gambit.trading.Outbox;
import gambit.trading.StreamSession;

/**
 * A socket's stream of elements, pulled from its {@link Outbox}: one element per demand, so the
 * outbox's conflation happens while the client's TCP connection is full. When there is nothing to
 * send, the stage waits for the outbox's wake-up (one asynchronous callback into the stream, the
 * only message a tick costs per socket). It fails with the outbox's failure, and runs
 * {@code onStop} once when it stops for any reason (completion, cancellation, failure), on the
 * stream's thread.
 */
final class OutboxSource extends GraphStage<SourceShape<StreamSession.Out>> {

  private final Outlet<StreamSession.Out> out = Outlet.create("OutboxSource.out");
  private final SourceShape<StreamSession.Out> shape = SourceShape.of(out);
  private final Outbox outbox;
  private final Runnable onStop;

  OutboxSource(Outbox outbox, Runnable onStop) {
    this.outbox = outbox;
    this.onStop = onStop;
  }

  @Override
  public SourceShape<StreamSession.Out> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private final AsyncCallback<Done> woken = createAsyncCallback(done -> next());
      private final Runnable wakeup = () -> woken.invoke(Done.getInstance());

      {
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            next();
          }
        });
      }

      private void next() {
        if (!isAvailable(out)) {
          return;
        }
        StreamSession.Out element = outbox.poll(wakeup);
        if (element != null) {
          push(out, element);
          return;
        }
        Throwable failure = outbox.failure();
        if (failure != null) {
          failStage(failure);
        }
      }

      @Override
      public void postStop() {
        onStop.run();
      }
    };
  }
}
