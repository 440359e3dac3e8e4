package gambit.testing;

import gambit.node.RedisServerProcess;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback ports for the servers a test starts, never the same one twice in this JVM. A
 * port found free is closed again before its server binds it, so the operating system may offer
 * it once more meanwhile: two nodes of one cluster once got the same port (one node's remoting,
 * another's management) and the second could not start.
 */
public final class FreePorts {

  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** A port that is free now and that this JVM's tests were not given before. */
  public static synchronized int next() {
    while (true) {
      int port = RedisServerProcess.freePort();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
  }
}
