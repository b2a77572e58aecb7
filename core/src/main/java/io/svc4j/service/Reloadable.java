package io.svc4j.service;

/**
 * A service that can re-read its configuration in place (SIGHUP, systemd reload, SCM PARAMCHANGE).
 */
public interface Reloadable {
  void reload(ServiceContext context) throws Exception;
}
