package io.svc4j.manager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to install a service, independent of the platform. Validated on construction;
 * platform specifics travel as typed {@link PlatformOptions}.
 */
public record ServiceDefinition(
    String name,
    String displayName,
    String description,
    List<String> command,
    Path workingDirectory,
    Map<String, String> environment,
    List<Path> environmentFiles,
    String runAsUser,
    String runAsGroup,
    ReadinessProtocol readiness,
    Scope scope,
    RestartPolicy restart,
    Duration startTimeout,
    Duration stopTimeout,
    Duration watchdog,
    List<PlatformOptions> platformOptions) {

  public ServiceDefinition {
    ServiceNames.requireValid(name);
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new ManagerException("no command given for service '" + name + "': add -- COMMAND");
    }
    environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    environmentFiles = List.copyOf(environmentFiles);
    platformOptions = List.copyOf(platformOptions);
    Objects.requireNonNull(readiness, "readiness");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(restart, "restart");
    Objects.requireNonNull(startTimeout, "startTimeout");
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    if (displayName == null || displayName.isBlank()) {
      displayName = name;
    }
    if (description == null) {
      description = "";
    }
  }

  /** The options of one backend, if given. */
  public <T extends PlatformOptions> Optional<T> options(Class<T> type) {
    return platformOptions.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  public Optional<Duration> watchdogTimeout() {
    return Optional.ofNullable(watchdog);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builder with the defaults of a typical HTTP daemon. */
  public static final class Builder {
    private final String name;
    private String displayName;
    private String description = "";
    private List<String> command = List.of();
    private Path workingDirectory;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Path> environmentFiles = new ArrayList<>();
    private String runAsUser;
    private String runAsGroup;
    private ReadinessProtocol readiness = ReadinessProtocol.NOTIFY;
    private Scope scope = Scope.SYSTEM;
    private RestartPolicy restart = RestartPolicy.DEFAULT;
    private Duration startTimeout = Duration.ofSeconds(90);
    private Duration stopTimeout = Duration.ofSeconds(30);
    private Duration watchdog;
    private final List<PlatformOptions> platformOptions = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder displayName(String v) {
      displayName = v;
      return this;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder command(List<String> v) {
      command = List.copyOf(v);
      return this;
    }

    public Builder workingDirectory(Path v) {
      workingDirectory = v;
      return this;
    }

    public Builder environment(String key, String value) {
      environment.put(key, value);
      return this;
    }

    public Builder environmentFile(Path v) {
      environmentFiles.add(v);
      return this;
    }

    public Builder runAs(String user, String group) {
      runAsUser = user;
      runAsGroup = group;
      return this;
    }

    public Builder readiness(ReadinessProtocol v) {
      readiness = v;
      return this;
    }

    public Builder scope(Scope v) {
      scope = v;
      return this;
    }

    public Builder restart(RestartPolicy v) {
      restart = v;
      return this;
    }

    public Builder startTimeout(Duration v) {
      startTimeout = v;
      return this;
    }

    public Builder stopTimeout(Duration v) {
      stopTimeout = v;
      return this;
    }

    public Builder watchdog(Duration v) {
      watchdog = v;
      return this;
    }

    public Builder platformOptions(PlatformOptions v) {
      platformOptions.add(v);
      return this;
    }

    public ServiceDefinition build() {
      return new ServiceDefinition(
          name,
          displayName,
          description,
          command,
          workingDirectory,
          environment,
          environmentFiles,
          runAsUser,
          runAsGroup,
          readiness,
          scope,
          restart,
          startTimeout,
          stopTimeout,
          watchdog,
          platformOptions);
    }
  }
}
