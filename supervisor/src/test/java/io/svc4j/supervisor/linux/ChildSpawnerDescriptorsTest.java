package io.svc4j.supervisor.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.ptr.IntByReference;
import io.svc4j.supervisor.posix.RunAsUser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@link ChildSpawner} puts the descriptors of a real child, read by the child itself
 * (python3): the listening sockets land at fds 3, 4, ... in order whatever numbers they have in the
 * supervisor, also when a socket sits where an earlier one goes (placed in order in place, that
 * dup2 closed it first: the child got one socket twice), at its own number with close-on-exec
 * (dup2(fd, fd) leaves the flag: the exec closed it), or when the output pipe lands on a socket's
 * number; and a child that cannot start leaves no descriptor behind in the supervisor.
 */
class ChildSpawnerDescriptorsTest {

  private static final FdCalls C = FdCalls.INSTANCE;

  @TempDir Path tmp;

  @Test
  void socketsLandAtTheirFdsInOrderWhereverTheySitInTheSupervisor() throws Exception {
    placeSocketsAndAskTheChild(null);
  }

  /** The same through setpriv (run-as): root's shell then execs the program as the user. */
  @Test
  void socketsLandAtTheirFdsForAChildRunAsAnotherUser() throws Exception {
    placeSocketsAndAskTheChild(RunAsUser.resolve("nobody"));
  }

  private void placeSocketsAndAskTheChild(RunAsUser user) throws Exception {
    List<Integer> held = new ArrayList<>(); // every descriptor this test opened, closed at the end
    try {
      // The four lowest free numbers, held with /dev/null: the sockets are put there below.
      List<Integer> low = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        low.add(check(C.open("/dev/null", FdCalls.O_RDONLY | FdCalls.O_CLOEXEC), "open"));
      }
      held.addAll(low);
      low.sort(null);
      int a = low.get(0);
      int b = low.get(1);
      int c = low.get(2);
      int d = low.get(3);
      int count = d - 2; // fds 3..d: every low number taken is some socket's target
      List<Integer> sockets = new ArrayList<>();
      List<Integer> ports = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        int fd = listeningSocket();
        held.add(fd);
        sockets.add(fd);
        ports.add(port(fd));
      }
      List<Integer> sources = new ArrayList<>(sockets);
      // Socket a-3 sits at b and socket b-3 at a: the dup2 onto a comes first and closed the
      // socket that sat there before it was copied.
      sources.set(a - 3, check(C.dup3(sockets.get(a - 3), b, FdCalls.O_CLOEXEC), "dup3"));
      sources.set(b - 3, check(C.dup3(sockets.get(b - 3), a, FdCalls.O_CLOEXEC), "dup3"));
      // Socket c-3 already sits at its own fd, close-on-exec as the supervisor holds it.
      sources.set(c - 3, check(C.dup3(sockets.get(c - 3), c, FdCalls.O_CLOEXEC), "dup3"));
      // d is free again: the output pipe the spawn makes takes it, socket d-3's target.
      C.close(d);
      held.remove(Integer.valueOf(d));

      List<String> names = IntStream.range(0, count).mapToObj(k -> "s" + k).toList();
      Map<String, String> env = new HashMap<>();
      env.put("PATH", System.getenv("PATH"));
      env.put("LISTEN_FDS", Integer.toString(count));
      env.put("LISTEN_FDNAMES", String.join(":", names));
      String script; // given inline: the user may not enter the test's temporary directory
      try (InputStream in = getClass().getResourceAsStream("report_fds.py")) {
        script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }

      List<String> lines = run(List.of("python3", "-c", script), env, user, sources);

      List<String> expected = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        expected.add(names.get(k) + " " + (3 + k) + " " + ports.get(k));
      }
      expected.add("LISTEN_FDS=" + count);
      expected.add("LISTEN_FDNAMES=" + String.join(":", names));
      expected.add("LISTEN_PID is mine=True");
      expected.add(
          "uid="
              + (user != null
                  ? user.uid()
                  : Files.getAttribute(Path.of("/proc/self"), "unix:uid")));
      assertThat(lines.subList(0, lines.size() - 1))
          .as("sockets at a=%d b=%d c=%d, pipe at d=%d", a, b, c, d)
          .containsExactlyElementsOf(expected);
      String open = lines.get(lines.size() - 1);
      assertThat(open).startsWith("open 0->/dev/null 1->pipe:[").contains(" 2->pipe:[");
      assertThat(
              Stream.of(open.substring("open ".length()).split(" "))
                  .map(e -> Integer.parseInt(e.substring(0, e.indexOf("->")))))
          .as("nothing else of the supervisor's is open: %s", open)
          .containsExactlyElementsOf(IntStream.range(0, 3 + count).boxed().toList());
    } finally {
      held.forEach(C::close);
    }
  }

  @Test
  void aProgramThatCannotStartLeavesNoDescriptorInTheSupervisor() throws Exception {
    ChildSpawner spawner = new ChildSpawner(ChildLauncher.detect());
    Map<String, String> env = Map.of("PATH", System.getenv("PATH"));
    Path missing = tmp.resolve("no-such-program");
    // Once first, so that what a first start loads (JNA's bindings) is there before the count.
    SpawnedChild first =
        spawner.spawn(List.of("/bin/true"), env, new ProcessBuilder(), null, List.of());
    first.watch("descriptors-test-child");
    first.getInputStream().close();
    first.getErrorStream().close();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Map<Integer, String> before = openFds();

    // posix_spawn fails after both output pipes were made.
    assertThatThrownBy(
            () ->
                spawner.spawn(
                    List.of(missing.toString()), env, new ProcessBuilder(), null, List.of()))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot start " + missing + ": No such file or directory");
    // The lookup on PATH fails before anything is made.
    assertThatThrownBy(
            () ->
                spawner.spawn(
                    List.of("no-such-program-on-path"), env, new ProcessBuilder(), null, List.of()))
        .isInstanceOf(IOException.class)
        .hasMessage("'no-such-program-on-path' was not found on PATH");

    // Only what a spawn makes (pipe ends, our readers of them, a pidfd) is compared: the fork
    // may close a descriptor another test left to the garbage collector meanwhile.
    assertThat(
            openFds().entrySet().stream()
                .filter(e -> !before.entrySet().contains(e))
                .filter(e -> e.getValue().startsWith("pipe:") || e.getValue().startsWith("anon")))
        .as("descriptors left open")
        .isEmpty();
  }

  /** Runs {@code command} through the spawner; its stdout's lines once it exited with 0. */
  private static List<String> run(
      List<String> command, Map<String, String> env, RunAsUser user, List<Integer> sockets)
      throws Exception {
    SpawnedChild child =
        new ChildSpawner(ChildLauncher.detect())
            .spawn(command, env, new ProcessBuilder(), user, sockets);
    child.watch("descriptors-test-child");
    var stderr = CompletableFuture.supplyAsync(() -> readAll(child.getErrorStream()));
    String stdout = readAll(child.getInputStream());
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as("exit; stderr: %s", stderr.get()).isZero();
    return stdout.lines().toList();
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A TCP socket listening on 127.0.0.1 at a port the kernel picks, close-on-exec. */
  private static int listeningSocket() {
    int fd = check(C.socket(FdCalls.AF_INET, FdCalls.SOCK_STREAM | FdCalls.SOCK_CLOEXEC, 0), "s");
    byte[] address = new byte[16];
    address[0] = FdCalls.AF_INET; // sa_family, little-endian; port 0
    address[4] = 127;
    address[7] = 1;
    check(C.bind(fd, address, address.length), "bind");
    check(C.listen(fd, 16), "listen");
    return fd;
  }

  private static int port(int fd) {
    byte[] address = new byte[16];
    check(C.getsockname(fd, address, new IntByReference(address.length)), "getsockname");
    return (address[2] & 0xff) << 8 | (address[3] & 0xff);
  }

  private static int check(int result, String call) {
    if (result < 0) {
      throw new IllegalStateException(call + " failed: errno " + com.sun.jna.Native.getLastError());
    }
    return result;
  }

  /** The test JVM's open descriptors and what each points at. */
  private static Map<Integer, String> openFds() throws IOException {
    Map<Integer, String> fds = new TreeMap<>();
    try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
      for (Path p : list.collect(Collectors.toList())) {
        try {
          fds.put(
              Integer.parseInt(p.getFileName().toString()), Files.readSymbolicLink(p).toString());
        } catch (IOException e) {
          // the listing's own descriptor, closed by now
        }
      }
    }
    return fds;
  }
}
