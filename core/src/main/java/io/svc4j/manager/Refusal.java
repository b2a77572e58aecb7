package io.svc4j.manager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Why a service manager refused or gave up, as data: the platform says what is wrong (which
 * service, setting, account or limit); the front end words the fix in its own vocabulary (the CLI
 * names the flag that changes that setting). {@link #describe()} is a plain line for callers that
 * do not word refusals themselves.
 */
public sealed interface Refusal {

  /** One line naming what is wrong, without any front end's vocabulary. */
  String describe();

  /**
   * Per-user services do not exist on this platform. {@code service} is empty when no one was
   * named.
   */
  record PerUserService(Optional<String> service) implements Refusal {
    @Override
    public String describe() {
      return "per-user services are not supported on Windows (Windows services are machine-wide)";
    }
  }

  /** The platform has no working-directory setting for services. */
  record WorkingDirectory(String service, Path directory) implements Refusal {
    @Override
    public String describe() {
      return "Windows services have no working directory setting (they start in System32): '"
          + service
          + "' names "
          + directory;
    }
  }

  /** The service manager cannot read environment files itself. */
  record EnvironmentFiles(String service) implements Refusal {
    @Override
    public String describe() {
      return "the Windows SCM cannot read environment files: '" + service + "' names some";
    }
  }

  /** An update named no setting to change. */
  record NothingToUpdate(String service) implements Refusal {
    @Override
    public String describe() {
      return "nothing to update for service '" + service + "': no setting to change was given";
    }
  }

  /**
   * The service's account could not log on at start (Windows error 1069). {@code account} is empty
   * when it could not be read back; an account ending in {@code $} is a gMSA.
   */
  record LogonFailed(String service, Optional<String> account) implements Refusal {
    /** A group managed service account: its password comes from the domain, never from the user. */
    public boolean managedAccount() {
      return account.map(a -> a.endsWith("$")).orElse(false);
    }

    @Override
    public String describe() {
      return "cannot start service '"
          + service
          + "': "
          + account.orElse("its account")
          + " could not log on (error 1069)";
    }
  }

  /** A service asked for another service's virtual account ({@code NT SERVICE\given}). */
  record OtherVirtualAccount(String service, String given) implements Refusal {
    @Override
    public String describe() {
      return "NT SERVICE\\"
          + given
          + " is the virtual account of another service: service '"
          + service
          + "' can only run as its own, NT SERVICE\\"
          + service;
    }
  }

  /** A user account was given without a way to read its password. */
  record PasswordMissing(String account) implements Refusal {
    @Override
    public String describe() {
      return "account " + account + " needs a password (from a file or a prompt, never as text)";
    }
  }

  /** Install of a service that exists, without leave to replace it. */
  record AlreadyInstalled(String service) implements Refusal {
    @Override
    public String describe() {
      return "service '" + service + "' already exists";
    }
  }

  /**
   * The service did not report running within its own start limit and was stopped with {@code
   * exitCode}.
   */
  record StartTimedOut(String service, Duration limit, int exitCode) implements Refusal {
    @Override
    public String describe() {
      return "service '"
          + service
          + "' start timed out after "
          + io.svc4j.runtime.ServiceController.seconds(limit)
          + ": it was stopped (service-specific error "
          + exitCode
          + ")";
    }
  }

  /**
   * The caller's wait for {@code action} ran out. {@code state} is where the service was; {@code
   * stillPresent} when the wait was for it to be gone.
   */
  record WaitTimedOut(
      String service, String action, Duration timeout, String state, boolean stillPresent)
      implements Refusal {
    @Override
    public String describe() {
      return "timed out after "
          + timeout.toSeconds()
          + " s waiting to "
          + action
          + " service '"
          + service
          + "' (it is "
          + (stillPresent ? "still present, " : "")
          + state
          + ")";
    }
  }

  /**
   * Install over a service of the same name whose unit file differs, without leave to replace it.
   */
  record UnitDiffers(String service, Path unitFile) implements Refusal {
    @Override
    public String describe() {
      return "service '"
          + service
          + "' is already installed with a different unit file ("
          + unitFile
          + ")";
    }
  }

  /**
   * A unit of that name exists that svc4j did not install ({@code fragment} is where systemd loaded
   * it from); {@code unitFile} is where svc4j would write its own.
   */
  record ForeignUnit(String unit, String fragment, Path unitFile) implements Refusal {
    @Override
    public String describe() {
      return "a unit named " + unit + " already exists (" + fragment + ")";
    }
  }

  /** A socket unit svc4j did not write sits where the service's socket unit goes. */
  record ForeignSocketUnit(Path socketUnit) implements Refusal {
    @Override
    public String describe() {
      return "the socket unit " + socketUnit + " was not written by svc4j";
    }
  }

  /** The installed service has no reload command. */
  record ReloadUnsupported(String service) implements Refusal {
    @Override
    public String describe() {
      return "service '" + service + "' does not support reload (its unit has no ExecReload=)";
    }
  }

  /**
   * A reload did not finish within the caller's wait; the service manager's own limit still runs.
   */
  record ReloadTimedOut(String service, Duration timeout) implements Refusal {
    @Override
    public String describe() {
      return "service '"
          + service
          + "' did not finish reloading within "
          + compact(timeout)
          + "; systemd gives up at its TimeoutStartSec";
    }
  }

  /** A stop did not finish within the caller's wait ({@code state}: where the service was). */
  record StopTimedOut(String service, Duration timeout, String state) implements Refusal {
    @Override
    public String describe() {
      return "service '"
          + service
          + "' did not stop within "
          + compact(timeout)
          + " (now "
          + state
          + "); systemd kills it at its TimeoutStopSec";
    }
  }

  /** A machine-wide service was to be changed without the rights to. */
  record NeedsRoot(String action, String service) implements Refusal {
    @Override
    public String describe() {
      return "cannot " + action + " the system service '" + service + "' without root";
    }
  }

  /** No service of that name is installed in {@code scope}. */
  record NotInstalled(String service, Scope scope) implements Refusal {
    @Override
    public String describe() {
      return "service '"
          + service
          + "' is not installed"
          + (scope == Scope.USER ? " as a per-user service" : "");
    }
  }

  /** {@code 5s}, or {@code 1500ms} when not whole seconds. */
  private static String compact(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
