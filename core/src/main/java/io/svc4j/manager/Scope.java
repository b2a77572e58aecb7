package io.svc4j.manager;

/** Whether a service belongs to the whole machine or to the calling user (systemd --user units). */
public enum Scope {
  SYSTEM,
  USER
}
