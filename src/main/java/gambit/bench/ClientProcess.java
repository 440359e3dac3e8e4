package gambit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FanOutClients} process started from this JVM's class path, and its line protocol.
 * The child gets a small heap and the serial collector: it runs one thread and keeps a few
 * kilobytes per socket. Its standard error goes to this process' standard error. Not
 * thread-safe.
 */
final class ClientProcess implements AutoCloseable {

  private static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC");

  private final Process process;
  private final BufferedReader lines;
  private final PrintStream commands;

  private ClientProcess(Process process) {
    this.process = process;
    this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Starts {@code sockets} clients of {@code /ws/market?symbols=<symbol>} on 127.0.0.1. */
  static ClientProcess start(int port, int sockets, String symbol) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new java.util.ArrayList<>(List.of(java));
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        FanOutClients.class.getName(), "--port", Integer.toString(port),
        "--sockets", Integer.toString(sockets), "--path", "/ws/market?symbols=" + symbol));
    return new ClientProcess(new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.INHERIT).start());
  }

  /** The JVM options of the client process, for the report. */
  static String jvmOptions() {
    return String.join(" ", JVM_OPTIONS);
  }

  void send(String command) {
    commands.println(command);
  }

  /**
   * The next line that starts with {@code word}.
   *
   * @throws IOException if the process ended first
   */
  String await(String word) throws IOException {
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.startsWith(word)) {
        return line;
      }
    }
    throw new IOException("the client process ended (exit " + exitCode() + ") before '"
        + word + "'");
  }

  /** The next {@code result} line as key -> value. */
  Map<String, String> result() throws IOException {
    Map<String, String> result = new HashMap<>();
    for (String field : await("result").substring("result".length()).trim().split(" ")) {
      int equals = field.indexOf('=');
      result.put(field.substring(0, equals), field.substring(equals + 1));
    }
    return result;
  }

  private String exitCode() {
    return process.isAlive() ? "still running" : Integer.toString(process.exitValue());
  }

  /** Asks the process to close its sockets and exit; kills it after 30 s. */
  @Override
  public void close() throws IOException {
    send("exit");
    commands.close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
