package io.svc4j.manager;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A change to an installed service: only what is present is changed, everything else stays as the
 * service manager holds it (unlike {@code install --force}, which rewrites the whole definition).
 * Platform specifics (start type, account, ...) travel as typed {@link PlatformOptions}.
 *
 * @param displayName the new human-readable name
 * @param description the new one-line description
 * @param command the new program and arguments (takes effect at the next start)
 * @param platformOptions backend-specific changes; a backend ignores types it does not know
 */
public record ServiceUpdate(
    Optional<String> displayName,
    Optional<String> description,
    Optional<List<String>> command,
    List<PlatformOptions> platformOptions) {

  public ServiceUpdate {
    displayName = displayName == null ? Optional.empty() : displayName;
    description = description == null ? Optional.empty() : description;
    command = command == null ? Optional.empty() : command.map(List::copyOf);
    command.ifPresent(
        c -> {
          if (c.isEmpty()) {
            throw new ManagerException("the new command is empty: give the program to run");
          }
        });
    platformOptions = platformOptions == null ? List.of() : List.copyOf(platformOptions);
  }

  /** An update that changes nothing yet. */
  public static ServiceUpdate none() {
    return new ServiceUpdate(Optional.empty(), Optional.empty(), Optional.empty(), List.of());
  }

  public ServiceUpdate withDisplayName(String v) {
    return new ServiceUpdate(Optional.of(v), description, command, platformOptions);
  }

  public ServiceUpdate withDescription(String v) {
    return new ServiceUpdate(displayName, Optional.of(v), command, platformOptions);
  }

  public ServiceUpdate withCommand(List<String> v) {
    return new ServiceUpdate(displayName, description, Optional.of(v), platformOptions);
  }

  public ServiceUpdate withPlatformOptions(PlatformOptions v) {
    List<PlatformOptions> all = new ArrayList<>(platformOptions);
    all.add(v);
    return new ServiceUpdate(displayName, description, command, all);
  }

  /** The changes for one backend, if given. */
  public <T extends PlatformOptions> Optional<T> options(Class<T> type) {
    return platformOptions.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** Whether nothing platform-independent is asked (platform options are checked by backends). */
  public boolean isEmptyExceptPlatformOptions() {
    return displayName.isEmpty() && description.isEmpty() && command.isEmpty();
  }
}
