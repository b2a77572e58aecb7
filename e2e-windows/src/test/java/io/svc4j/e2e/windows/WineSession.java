package io.svc4j.e2e.windows;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Wine prefix under target/ with Wine's SCM, and the {@link WineAgent} running in Wine's
 * Windows JVM. The agent is the long-lived ordinary Wine process: Wine stops services.exe, and
 * every service, as soon as no such process is left.
 */
final class WineSession implements AutoCloseable {

  static final Path WINE = Path.of("/usr/lib/wine/wine64");
  static final Path WINESERVER = Path.of("/usr/lib/wine/wineserver");

  final Path dir;
  final Path java;
  final Path classes;
  private final Path prefix;
  private final Process agent;
  private final BufferedWriter input;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private WineSession(Path dir, Path java, Path classes, Path prefix, Process agent) {
    this.dir = dir;
    this.java = java;
    this.classes = classes;
    this.prefix = prefix;
    this.agent = agent;
    this.input =
        new BufferedWriter(new OutputStreamWriter(agent.getOutputStream(), StandardCharsets.UTF_8));
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  // Wine may put a carriage return before the newline.
                  answers.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
                }
              } catch (IOException e) {
                answers.add("ERR\tagent output closed: " + e);
              }
              answers.add("ERR\tagent exited");
            },
            "wine-agent-reader");
    reader.setDaemon(true);
    reader.start();
  }

  static WineSession start() throws Exception {
    if (!Files.isExecutable(WINE)) {
      throw new IllegalStateException(
          "Wine is not installed (" + WINE + " missing): run apt-get install -y wine64");
    }
    Path dir = Path.of(System.getProperty("svc4j.wine.dir")).toAbsolutePath();
    Path java = Path.of(System.getProperty("svc4j.wine.java")).toAbsolutePath();
    if (!Files.isRegularFile(java)) {
      throw new IllegalStateException(
          "Windows JRE missing at " + java + ": build this module with Maven (it unpacks it)");
    }
    Path classes = testClasses();
    Path prefix = dir.resolve("prefix");
    Files.createDirectories(prefix);
    allowSlowServiceStarts(prefix);
    ProcessBuilder builder =
        javaCommand(
            dir,
            java,
            classes,
            prefix,
            WineAgent.class.getName(),
            windowsPath(classes.resolve("service-logback.xml")));
    builder.redirectError(dir.resolve("agent.err").toFile());
    WineSession session = new WineSession(dir, java, classes, prefix, builder.start());
    // The first run creates the prefix and boots Wine: generous.
    String hello = session.answers.poll(300, TimeUnit.SECONDS);
    if (hello == null || !hello.startsWith("OK\tready")) {
      session.close();
      throw new IllegalStateException(
          "the Wine agent did not start (" + hello + "); see " + dir.resolve("agent.err"));
    }
    return session;
  }

  /**
   * Wine's services.exe gives a service 10 s (Windows: 30 s) to connect and report START_PENDING,
   * and a JVM on a loaded 2-core CI machine can need more. Wine reads ServicesPipeTimeout (as
   * REG_SZ, unlike Windows' DWORD) when services.exe starts, so set it, then end this prefix's Wine
   * processes so that the next one starts services.exe again with it.
   */
  private static void allowSlowServiceStarts(Path prefix) throws Exception {
    endWine(prefix); // what a previous session (or an aborted run) left in this prefix
    setRegistryString(
        prefix, "HKLM\\System\\CurrentControlSet\\Control", "ServicesPipeTimeout", "120000");
    // No X display here: Wine's null graphics driver still gives programs real (invisible)
    // windows, so the supervisor's WM_CLOSE can be tested.
    setRegistryString(prefix, "HKCU\\Software\\Wine\\Drivers", "Graphics", "null");
    // Every JVM of the prefix needs wine.java.security (see that file), also those the SCM starts
    // from a binPath the tests do not write (svc4j install's supervised mode: -D options do not
    // travel there). A system environment variable reaches them all; Wine reads it at boot.
    setRegistryString(
        prefix,
        "HKLM\\System\\CurrentControlSet\\Control\\Session Manager\\Environment",
        "JAVA_TOOL_OPTIONS",
        "-Djava.security.properties=" + windowsPath(testClasses().resolve("wine.java.security")));
    endWine(prefix);
  }

  /**
   * Ends every Wine process of this prefix and waits until its wineserver is gone ({@code -k} only
   * asks; {@code -w} waits). A Wine program started while the previous server is still going down
   * can fail at once (seen: {@code reg add} exiting non-zero 2 s into a session that followed
   * another one).
   */
  private static void endWine(Path prefix) throws Exception {
    ProcessBuilder kill = new ProcessBuilder(WINESERVER.toString(), "-k");
    environment(kill, prefix);
    kill.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    kill.start().waitFor(60, TimeUnit.SECONDS);
    ProcessBuilder wait = new ProcessBuilder(WINESERVER.toString(), "-w");
    environment(wait, prefix);
    wait.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    wait.start().waitFor(60, TimeUnit.SECONDS);
  }

  private static void setRegistryString(Path prefix, String key, String name, String value)
      throws Exception {
    ProcessBuilder reg =
        new ProcessBuilder(
            WINE.toString(), "reg", "add", key, "/v", name, "/t", "REG_SZ", "/d", value, "/f");
    environment(reg, prefix);
    Path output = Files.createTempFile(prefix.getParent(), "reg-", ".out");
    try {
      reg.redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process process = reg.start();
      if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            "could not set "
                + name
                + " in the Wine prefix (exit "
                + (process.isAlive() ? "none: timed out" : process.exitValue())
                + "): "
                + Files.readString(output).strip());
      }
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** A Windows JVM in this prefix, with the test classpath, running {@code main}. */
  ProcessBuilder java(String main, String... args) {
    return javaCommand(dir, java, classes, prefix, main, args);
  }

  /** What a Windows program printed and its exit code (both shown when an assertion fails). */
  record Run(int exitCode, String output) {}

  /** Runs {@code java -jar JAR ARGS...} in Wine's JVM and waits for it. */
  Run javaJar(Path jar, String... args) throws Exception {
    return complete(javaJarCommand(jar, args), String.join(" ", args));
  }

  /** {@code java -jar JAR ARGS...} in Wine's JVM, to be started by the caller. */
  ProcessBuilder javaJarCommand(Path jar, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                WINE.toString(),
                java.toString(),
                "-XX:-PrintWarnings",
                "-Djava.security.properties=" + windowsPath(classes.resolve("wine.java.security")),
                "-jar",
                windowsPath(jar)));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    environment(builder, prefix);
    return builder;
  }

  /** Runs {@code main} with the test classpath in Wine's JVM and waits for it. */
  Run javaMain(String main, String... args) throws Exception {
    return complete(java(main, args), main);
  }

  /**
   * Starts {@code builder} with its output (stdout and stderr) going to a file and its input from
   * /dev/null, waits for the process to end, then reads the file.
   *
   * <p>Not a pipe: a Wine program's stdout pipe can be held open by Wine processes it did not start
   * itself (when the program is the one that boots this prefix's wineserver, services.exe and
   * winedevice.exe inherit it), so reading until end of file depends on when they end; and once the
   * JDK sees the process exit, it drains what the pipe holds at that moment and closes it, dropping
   * what is still on its way. A file has neither problem: when the process has ended, everything it
   * wrote is in the file.
   */
  private Run complete(ProcessBuilder builder, String what) throws Exception {
    Path output = Files.createTempFile(dir, "run-", ".out");
    try {
      builder
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      long began = System.nanoTime();
      Run run = runOnce(builder, output, what);
      long millis = (System.nanoTime() - began) / 1_000_000;
      if (run.exitCode() != 0 && run.output().isEmpty() && millis < NO_PROGRAM_RAN_MS) {
        // No JVM starts and fails under Wine this fast, and a failing one prints why: Wine's
        // loader itself gave up (seen once in CI: exit 1, no output, in 24 ms, as the wineserver
        // of an earlier test was going away). The program never ran, so run it again, once.
        System.out.printf(
            "WINE HICCUP: %s ended with %d in %d ms without output; started again%n",
            what, run.exitCode(), millis);
        run = runOnce(builder, output, what);
      }
      return run;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  /** Below this, a failed run with no output never reached the program (see {@link #complete}). */
  private static final long NO_PROGRAM_RAN_MS = 1_000;

  private static Run runOnce(ProcessBuilder builder, Path output, String what) throws Exception {
    Process process = builder.start(); // truncates the output file
    if (!process.waitFor(240, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("timed out: " + what);
    }
    return new Run(
        process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).replace("\r", ""));
  }

  private static ProcessBuilder javaCommand(
      Path dir, Path java, Path classes, Path prefix, String main, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                WINE.toString(),
                java.toString(),
                "-XX:-PrintWarnings",
                "-Djava.security.properties=" + windowsPath(classes.resolve("wine.java.security")),
                "-cp",
                windowsPath(dir.resolve("lib")) + "\\*;" + windowsPath(classes),
                main));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    environment(builder, prefix);
    return builder;
  }

  private static void environment(ProcessBuilder builder, Path prefix) {
    builder.environment().put("WINEPREFIX", prefix.toString());
    builder.environment().put("WINEDEBUG", "-all");
    builder.environment().put("WINEDLLOVERRIDES", "mscoree,mshtml="); // no Mono/Gecko prompts
  }

  /** Sends one command; returns what follows "OK\t", or throws {@link AgentError}. */
  String call(String... words) throws Exception {
    synchronized (this) {
      input.write(String.join("\t", words));
      input.newLine();
      input.flush();
      String answer = answers.poll(240, TimeUnit.SECONDS);
      if (answer == null) {
        throw new IllegalStateException("no answer from the Wine agent to " + words[0]);
      }
      if (answer.startsWith("OK\t")) {
        return answer.substring(3);
      }
      throw new AgentError(answer.startsWith("ERR\t") ? answer.substring(4) : answer);
    }
  }

  /** Parses "k=v\tk=v" answers. */
  static Map<String, String> fields(String answer) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : answer.split("\t")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return out;
  }

  static String windowsPath(Path path) {
    return "Z:" + path.toAbsolutePath().toString().replace('/', '\\');
  }

  @Override
  public void close() throws Exception {
    try {
      if (agent.isAlive()) {
        input.write("quit");
        input.newLine();
        input.flush();
        agent.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      // the agent is gone already
    } finally {
      agent.destroyForcibly();
      // Ends what is left in this prefix only (services, services.exe, the wineserver).
      endWine(prefix);
    }
  }

  private static Path testClasses() throws URISyntaxException {
    return Path.of(WineSession.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** An "ERR" answer: the manager's one-line error. */
  static final class AgentError extends Exception {
    AgentError(String message) {
      super(message);
    }
  }
}
