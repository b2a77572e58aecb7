package io.svc4j.runtime;

import io.svc4j.service.ServiceState;

/**
 * How a hosted service ended.
 *
 * @param state STOPPED or FAILED
 * @param exitCode the process exit code to use, one of {@link ExitCodes}
 * @param cause why it failed, or null
 */
public record Outcome(ServiceState state, int exitCode, Throwable cause) {}
