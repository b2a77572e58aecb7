package io.svc4j.windows.manager;

import java.util.List;
import java.util.Optional;

/**
 * A service's configuration as the SCM reports it. A part the SCM could not report (for example a
 * configuration call Wine does not implement) is empty, with the reason in {@link #unsupported}.
 */
public record Readback(
    String binaryPath,
    int startType,
    String account,
    String displayName,
    List<String> dependencies,
    Optional<String> description,
    Optional<Boolean> delayedAutoStart,
    Optional<RecoveryActions> recovery,
    Optional<Integer> preshutdownTimeoutMillis,
    Optional<Integer> sidType,
    List<String> unsupported) {}
