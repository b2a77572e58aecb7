package io.svc4j.supervisor.os;

import io.svc4j.runtime.HostEnvironment;
import io.svc4j.supervisor.config.SupervisorConfig;

/**
 * Found through {@link java.util.ServiceLoader} (like core's {@code PlatformProvider}): each OS
 * package registers its own {@link ChildPlatform} in {@code META-INF/services}, so this package
 * names none of them and the engine can be given a fake instead.
 */
public interface ChildPlatformProvider {

  /** Whether this implementation runs the children of this host. Cheap and side-effect free. */
  boolean supports(HostEnvironment host);

  /**
   * The platform for {@code config}, after the checks that need no child; throws {@link
   * io.svc4j.supervisor.config.ConfigException} naming the setting otherwise.
   */
  ChildPlatform create(SupervisorConfig config);
}
