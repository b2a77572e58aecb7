package io.svc4j.service;

/** A service that can suspend and continue its work without stopping (SCM PAUSE / CONTINUE). */
public interface Pausable {
  void pause(ServiceContext context) throws Exception;

  void resume(ServiceContext context) throws Exception;
}
