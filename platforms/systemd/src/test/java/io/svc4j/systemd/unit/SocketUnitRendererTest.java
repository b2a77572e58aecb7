package io.svc4j.systemd.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.ServiceDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketUnitRendererTest {

  @TempDir Path dir;

  private static ServiceDefinition withSocket(String socket) {
    return ServiceDefinition.builder("hello")
        .command(List.of("/bin/sh", "-c", "sleep 1"))
        .platformOptions(SystemdOptions.builder().socket(ListenAddress.parse(socket)).build())
        .build();
  }

  @Test
  void aServiceWithoutSocketHasNoSocketUnitAndNoDependency() {
    ServiceDefinition plain =
        ServiceDefinition.builder("hello").command(List.of("/bin/sh", "-c", "sleep 1")).build();
    assertThat(SocketUnitRenderer.render(plain)).isEmpty();
    assertThat(UnitRenderer.render(plain).values("Unit", "Requires")).isEmpty();
  }

  @Test
  void theSocketUnitListensPassesItsNameAndTheServiceRequiresIt() {
    ServiceDefinition definition = withSocket("0.0.0.0:8080");
    UnitFile socket = SocketUnitRenderer.render(definition).orElseThrow();
    assertThat(socket.values("Socket", "ListenStream")).containsExactly("0.0.0.0:8080");
    assertThat(socket.values("Socket", "FileDescriptorName")).containsExactly("http");
    assertThat(socket.values("Socket", "Service")).containsExactly("hello.service");
    assertThat(socket.values("Install", "WantedBy")).containsExactly("sockets.target");
    assertThat(UnitRenderer.isGenerated(socket.render())).isTrue();
    UnitFile service = UnitRenderer.render(definition);
    assertThat(service.values("Unit", "Requires")).containsExactly("hello.socket");
    assertThat(service.values("Unit", "After")).contains("hello.socket");
  }

  @Test
  void addressesAreCheckedAndSpecifiersEscaped() {
    assertThat(ListenAddress.parse("admin=[::1]:9000"))
        .isEqualTo(new ListenAddress("admin", "[::1]:9000"));
    assertThat(ListenAddress.parse("8080").address()).isEqualTo("8080");
    // A path with a specifier character: systemd would expand %h, so it is written as %%h.
    assertThat(ListenAddress.parse("/run/hello/100%h.sock").listenStream())
        .isEqualTo("/run/hello/100%%h.sock");
    assertThatThrownBy(() -> ListenAddress.parse("localhost:8080"))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("invalid socket address 'localhost:8080'")
        .hasMessageContaining("IPV4:PORT");
    assertThatThrownBy(() -> ListenAddress.parse("0.0.0.0:70000"))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> ListenAddress.parse("300.0.0.1:80"))
        .hasMessageContaining("invalid socket address");
    assertThatThrownBy(() -> ListenAddress.parse("a b=8080"))
        .hasMessageContaining("invalid socket name");
    assertThatThrownBy(() -> ListenAddress.parse("/run/x\n[Service]"))
        .isInstanceOf(ManagerException.class);
  }

  @Test
  void systemdReadsBothUnitsWithoutComplaint() throws Exception {
    ServiceDefinition definition = withSocket("127.0.0.1:18089");
    Path service = dir.resolve("hello.service");
    Path socket = dir.resolve("hello.socket");
    Files.writeString(service, UnitRenderer.render(definition).render());
    Files.writeString(socket, SocketUnitRenderer.render(definition).orElseThrow().render());
    assertThat(SystemdAnalyze.verify(socket, definition.scope(), dir)).isEmpty();
    assertThat(SystemdAnalyze.verify(service, definition.scope(), dir)).isEmpty();
  }
}
