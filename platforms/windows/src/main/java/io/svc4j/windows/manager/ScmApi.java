package io.svc4j.windows.manager;

import java.util.List;
import java.util.Optional;

/**
 * The seam between the manager's logic and the native SCM: each method is one SCM operation that
 * opens the manager and the service with the least access it needs and closes them again. Failures
 * are {@link Win32Failure}s carrying the Win32 error code.
 */
public interface ScmApi {

  /** CreateService only; {@code password} is null for built-in accounts. */
  void create(ScmConfig config, char[] password);

  /** ChangeServiceConfig with everything in {@code config}. */
  void update(ScmConfig config, char[] password);

  /**
   * An in-place update: ChangeServiceConfig only if {@link ScmChange#changesConfig}, passing
   * SERVICE_NO_CHANGE / null for what it leaves alone, then ChangeServiceConfig2 only for the
   * levels it sets. {@code password} is null unless the account changes.
   */
  void change(ScmChange change, char[] password);

  /** The ChangeServiceConfig2 settings: description, delayed start, failure actions, ... */
  void configure(ScmConfig config);

  void delete(String name);

  /** Empty if the service does not exist. */
  Optional<RawStatus> query(String name);

  void start(String name);

  /** ControlService with one of the {@code Scm.CONTROL_*} codes. */
  void control(String name, int control);

  /** Empty if the service does not exist. */
  Optional<Readback> readConfig(String name);

  /** Names of all Win32 services. */
  List<String> services();

  /** Marks the service as installed by svc4j and stores its environment (service registry key). */
  void mark(String name, List<String> environment);

  boolean isMarked(String name);

  /**
   * Records (under the service's registry key) that svc4j granted {@code account} the "Log on as a
   * service" right for this service, so that uninstall takes back only what it gave; null clears.
   */
  void recordLogonRightGrant(String name, String account);

  /** The account recorded by {@link #recordLogonRightGrant}, if any. */
  Optional<String> logonRightGrant(String name);

  void registerEventSource(String name);

  /** Removes the event source; no error if it does not exist. */
  void removeEventSource(String name);

  boolean eventSourceExists(String name);
}
