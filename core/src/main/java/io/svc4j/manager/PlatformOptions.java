package io.svc4j.manager;

/**
 * Marker for the typed, validated options of one backend (systemd unit settings, SCM settings). A
 * definition carries at most one instance per type; a backend ignores the others.
 */
public interface PlatformOptions {}
