package gambit.http;

import akka.http.javadsl.model.ws.Message;
import akka.http.javadsl.model.ws.TextMessage;
import akka.stream.Attributes;
import akka.stream.FlowShape;
import akka.stream.Inlet;
import akka.stream.Outlet;
import akka.stream.stage.AbstractInHandler;
import akka.stream.stage.AbstractOutHandler;
import akka.stream.stage.GraphStage;
import akka.stream.stage.GraphStageLogic;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Renders a socket's elements to text messages numbered {@code seq} 1, 2, 3, ... in the order
 * they leave; one element may become several messages (a dashboard update), which leave one per
 * demand. One stage instead of map, mapConcat, zipWithIndex and map, since every tick to every
 * socket passes through it.
 */
final class NumberedMessages extends GraphStage<FlowShape<Object, Message>> {

  private final Inlet<Object> in = Inlet.create("NumberedMessages.in");
  private final Outlet<Message> out = Outlet.create("NumberedMessages.out");
  private final FlowShape<Object, Message> shape = FlowShape.of(in, out);
  private final Function<Object, List<TradingSockets.Rendered>> render;

  /** @param render the messages of an element, at least one; called on the stream's thread */
  NumberedMessages(Function<Object, List<TradingSockets.Rendered>> render) {
    this.render = render;
  }

  @Override
  public FlowShape<Object, Message> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private long seq;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            List<TradingSockets.Rendered> messages = render.apply(grab(in));
            if (messages.size() == 1) {
              push(out, message(messages.get(0)));
              return;
            }
            List<Message> numbered = new ArrayList<>(messages.size());
            messages.forEach(rendered -> numbered.add(message(rendered)));
            emitMultiple(out, numbered.iterator());
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            pull(in);
          }
        });
      }

      private Message message(TradingSockets.Rendered rendered) {
        return TextMessage.create(rendered.numbered(++seq));
      }
    };
  }
}
