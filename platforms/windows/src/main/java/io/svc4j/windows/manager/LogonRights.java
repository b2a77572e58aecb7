package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import io.svc4j.windows.lsa.AccountRights;
import io.svc4j.windows.lsa.LsaFailure;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Log on as a service" (SeServiceLogonRight) for a service's account: without it the SCM cannot
 * start the service (error 1069). Install grants it to a user or gMSA that lacks it and says so;
 * uninstall takes back only a grant install made (recorded by the caller under the service's key).
 */
final class LogonRights {

  private static final Logger log = LoggerFactory.getLogger(LogonRights.class);

  static final String RIGHT = "'Log on as a service' (" + AccountRights.SERVICE_LOGON + ")";

  private final AccountRights rights;

  LogonRights(AccountRights rights) {
    this.rights = rights;
  }

  /**
   * Whether the account must be granted the right: it needs one and does not hold it. Read before
   * anything is created, so that an account that does not exist fails the install at once.
   */
  boolean missing(String service, ServiceAccount account) {
    if (!account.needsLogonRight()) {
      return false;
    }
    String name = account.startName(service);
    return !lsa("read the rights of " + name, () -> rights.rights(name))
        .contains(AccountRights.SERVICE_LOGON);
  }

  /** Grants the right; returns the account name to record. */
  String grant(String service, ServiceAccount account) {
    String name = account.startName(service);
    lsa(
        "grant " + name + " " + RIGHT,
        () -> {
          rights.add(name, AccountRights.SERVICE_LOGON);
          return null;
        });
    log.info(
        "Granted {} {}, which it lacked; svc4j uninstall {} takes it back", name, RIGHT, service);
    return name;
  }

  /** Takes back a right that install granted; a failure is a warning, the service is gone. */
  void takeBack(String service, String account) {
    try {
      rights.remove(account, AccountRights.SERVICE_LOGON);
      log.info("Took back {} from {} (svc4j had granted it for {})", RIGHT, account, service);
    } catch (LsaFailure e) {
      log.warn(
          "Could not take back {} from {} ({}): remove it in secpol.msc, Local Policies > User"
              + " Rights Assignment > Log on as a service",
          RIGHT,
          account,
          e.getMessage());
    }
  }

  private static <T> T lsa(String action, Supplier<T> call) {
    try {
      return call.get();
    } catch (LsaFailure e) {
      String fix =
          switch (e.win32Error()) {
            case LsaFailure.ACCESS_DENIED -> "run from an elevated prompt";
            case LsaFailure.NONE_MAPPED ->
                "no such account; check the name (DOMAIN\\user, .\\user or DOMAIN\\gmsa$)";
            default ->
                "grant it by hand in secpol.msc (Local Policies > User Rights Assignment > Log on"
                    + " as a service) and install again";
          };
      throw new ManagerException("cannot " + action + ": " + e.getMessage() + "; " + fix, e);
    }
  }
}
