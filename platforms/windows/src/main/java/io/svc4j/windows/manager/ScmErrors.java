package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import io.svc4j.windows.Scm;

/** Turns Win32 error codes into one line that says what failed and what to do about it. */
final class ScmErrors {
  private ScmErrors() {}

  static ManagerException translate(Win32Failure failure, String action, String name) {
    String what = action + " service '" + name + "'";
    String message =
        switch (failure.code()) {
          case Scm.ERROR_ACCESS_DENIED ->
              "access denied to "
                  + what
                  + " ("
                  + failure.operation()
                  + "): run from an elevated (Run as administrator) prompt";
          case Scm.ERROR_SERVICE_EXISTS ->
              "cannot " + what + ": a service with this name already exists; uninstall it first";
          case Scm.ERROR_DUPLICATE_SERVICE_NAME ->
              "cannot "
                  + what
                  + ": its display name is already used by another service; choose another";
          case Scm.ERROR_INVALID_NAME ->
              "cannot " + what + ": the SCM rejects the name or display name; use plain text";
          case Scm.ERROR_INVALID_SERVICE_ACCOUNT ->
              "cannot "
                  + what
                  + ": the account does not exist; check the account name (DOMAIN\\user)";
          case Scm.ERROR_SERVICE_LOGON_FAILED ->
              "cannot " + what + ": the account could not log on; check its password and rights";
          case Scm.ERROR_INVALID_LEVEL ->
              "cannot "
                  + what
                  + ": this SCM does not support "
                  + failure.operation()
                  + " (Windows error 124); leave that setting at its default";
          case Scm.ERROR_BROKEN_PIPE, Scm.ERROR_NO_DATA ->
              "cannot "
                  + what
                  + ": its process no longer answers the SCM (control pipe closed); it probably"
                  + " crashed";
          case Scm.ERROR_SERVICE_DOES_NOT_EXIST -> "service '" + name + "' is not installed";
          case Scm.ERROR_SERVICE_MARKED_FOR_DELETE ->
              "cannot "
                  + what
                  + ": it is marked for deletion; close programs holding it (services.msc) and"
                  + " retry";
          case Scm.ERROR_SERVICE_DISABLED ->
              "cannot " + what + ": it is disabled; change its start type first";
          case Scm.ERROR_SERVICE_REQUEST_TIMEOUT ->
              "cannot "
                  + what
                  + ": it did not connect to the SCM in time (error 1053); is it an svc4j"
                  + " service?";
          case Scm.ERROR_DEPENDENT_SERVICES_RUNNING ->
              "cannot " + what + ": services that depend on it are running; stop them first";
          case Scm.ERROR_SERVICE_CANNOT_ACCEPT_CTRL, Scm.ERROR_INVALID_SERVICE_CONTROL ->
              "cannot " + what + " now: it does not accept this control in its current state";
          default -> "cannot " + what + ": " + failure.getMessage();
        };
    return new ManagerException(message, failure);
  }
}
