package io.svc4j.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceUpdateTest {

  record Marker(int value) implements PlatformOptions {}

  @Test
  void onlyWhatIsSetIsPresent() {
    ServiceUpdate update = ServiceUpdate.none().withDescription("new");

    assertThat(update.description()).contains("new");
    assertThat(update.displayName()).isEmpty();
    assertThat(update.command()).isEmpty();
    assertThat(update.options(Marker.class)).isEmpty();
    assertThat(update.isEmptyExceptPlatformOptions()).isFalse();
    assertThat(ServiceUpdate.none().isEmptyExceptPlatformOptions()).isTrue();
    assertThat(ServiceUpdate.none().withPlatformOptions(new Marker(3)).options(Marker.class))
        .contains(new Marker(3));
  }

  @Test
  void theCommandIsCopiedAndMustNotBeEmpty() {
    List<String> command = new ArrayList<>(List.of("app.exe", "--port", "8080"));
    ServiceUpdate update = ServiceUpdate.none().withCommand(command);
    command.clear();

    assertThat(update.command()).contains(List.of("app.exe", "--port", "8080"));
    assertThatThrownBy(() -> ServiceUpdate.none().withCommand(List.of()))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void managersWithoutInPlaceUpdatesRefuseWithOneLine() {
    ServiceManager manager = new WholeDefinitionsOnly();
    assertThatThrownBy(() -> manager.update("web", ServiceUpdate.none().withDescription("x")))
        .isInstanceOf(ManagerException.class)
        .hasMessage("whole-only cannot update services in place: use install --force");
  }

  private static final class WholeDefinitionsOnly implements ServiceManager {
    @Override
    public String name() {
      return "whole-only";
    }

    @Override
    public List<Artefact> plan(ServiceDefinition definition) {
      return List.of();
    }

    @Override
    public void install(ServiceDefinition definition, boolean force) {}

    @Override
    public void uninstall(String name, Duration timeout) {}

    @Override
    public ServiceStatus start(String name, Duration timeout) {
      return ServiceStatus.notInstalled(name);
    }

    @Override
    public ServiceStatus stop(String name, Duration timeout) {
      return ServiceStatus.notInstalled(name);
    }

    @Override
    public ServiceStatus restart(String name, Duration timeout) {
      return ServiceStatus.notInstalled(name);
    }

    @Override
    public ServiceStatus status(String name) {
      return ServiceStatus.notInstalled(name);
    }

    @Override
    public List<ServiceStatus> list() {
      return List.of();
    }
  }
}
