package io.svc4j.runtime.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenFdsTest {

  @Test
  void noVariablesMeansNoSockets() {
    assertThat(ListenFds.parse(Map.of(), 42).isEmpty()).isTrue();
  }

  @Test
  void namedSocketsStartAtFd3() {
    ListenFds fds =
        ListenFds.parse(
            Map.of("LISTEN_PID", "42", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "http:admin"), 42);
    assertThat(fds.sockets())
        .containsExactly(new InheritedSocket(3, "http"), new InheritedSocket(4, "admin"));
    assertThat(fds.pick("admin")).contains(new InheritedSocket(4, "admin"));
  }

  @Test
  void withoutNamesEverySocketIsUnknownAndASingleOneIsPicked() {
    ListenFds fds = ListenFds.parse(Map.of("LISTEN_PID", "7", "LISTEN_FDS", "1"), 7);
    assertThat(fds.sockets()).containsExactly(new InheritedSocket(3, "unknown"));
    assertThat(fds.pick("http")).contains(new InheritedSocket(3, "unknown"));
  }

  @Test
  void variablesForAnotherProcessAreIgnored() {
    // A parent that did not unset them: the protocol says the child must not use them.
    assertThat(ListenFds.parse(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42).isEmpty())
        .isTrue();
  }

  @Test
  void malformedVariablesFailWithOneLine() {
    assertThatThrownBy(() -> ListenFds.parse(Map.of("LISTEN_PID", "x", "LISTEN_FDS", "1"), 1))
        .hasMessageContaining("LISTEN_PID=x is not a process id");
    assertThatThrownBy(() -> ListenFds.parse(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "-3"), 1))
        .hasMessageContaining("LISTEN_FDS=-3");
    assertThatThrownBy(
            () ->
                ListenFds.parse(
                    Map.of("LISTEN_PID", "1", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "a"), 1))
        .hasMessageContaining("names 1 descriptors but LISTEN_FDS=2");
  }

  @Test
  void severalSocketsNoneOfThePreferredNameIsAnError() {
    ListenFds fds =
        ListenFds.parse(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "a:b"), 1);
    assertThatThrownBy(() -> fds.pick("http"))
        .hasMessageContaining("2 sockets were passed (a=fd 3, b=fd 4) and none is named 'http'");
  }

  @Test
  void removeFromTakesTheVariablesOutOfAChildEnvironment() {
    Map<String, String> env =
        new HashMap<>(
            Map.of("LISTEN_PID", "1", "LISTEN_FDS", "1", "LISTEN_FDNAMES", "a", "PATH", "/bin"));
    ListenFds.removeFrom(env);
    assertThat(env).containsOnlyKeys(List.of("PATH"));
  }
}
