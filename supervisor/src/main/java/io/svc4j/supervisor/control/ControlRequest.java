package io.svc4j.supervisor.control;

/** One request on the control channel: {@code {"command":"status"}}. */
public record ControlRequest(SupervisorCommand command) {}
