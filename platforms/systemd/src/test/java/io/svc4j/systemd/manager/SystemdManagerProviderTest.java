package io.svc4j.systemd.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.manager.ManagerProvider;
import io.svc4j.manager.Scope;
import io.svc4j.runtime.HostEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdManagerProviderTest {

  @TempDir Path bin;

  @Test
  void isFoundThroughTheServiceLoader() {
    assertThat(ServiceLoader.load(ManagerProvider.class).stream().map(p -> (Object) p.type()))
        .contains(SystemdManagerProvider.class);
  }

  @Test
  void offersTheManagerOnLinuxWhenSystemctlIsOnThePath() throws Exception {
    Files.createFile(
        bin.resolve("systemctl"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    HostEnvironment linux =
        new HostEnvironment(Map.of("PATH", bin.toString(), "HOME", "/home/ann"), "Linux");

    var manager = new SystemdManagerProvider().detect(linux, Scope.USER);

    assertThat(manager).isPresent();
    assertThat(((SystemdManager) manager.get()).scope()).isEqualTo(Scope.USER);
    assertThat(((SystemdManager) manager.get()).unitDirectory())
        .isEqualTo(Path.of("/home/ann/.config/systemd/user"));
  }

  @Test
  void staysOutOfTheWayElsewhere() {
    assertThat(
            new SystemdManagerProvider()
                .detect(new HostEnvironment(Map.of("PATH", bin.toString()), "Linux"), Scope.SYSTEM))
        .isEmpty();
    assertThat(
            new SystemdManagerProvider()
                .detect(new HostEnvironment(Map.of(), "Windows 11"), Scope.SYSTEM))
        .isEmpty();
  }
}
