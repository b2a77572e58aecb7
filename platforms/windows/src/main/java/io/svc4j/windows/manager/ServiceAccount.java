package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import java.util.Locale;

/**
 * The account a service runs as. Built-in accounts need no password; a user account gets its
 * password from a {@link PasswordSource} (a file or a prompt, never the command line), read only at
 * the moment the SCM needs it and never kept in a string or printed.
 */
public sealed interface ServiceAccount {

  /** The lpServiceStartName given to CreateService; null means LocalSystem. */
  String startName(String serviceName);

  /** How the account is shown by plan and status; never contains a secret. */
  String describe(String serviceName);

  /** The most privileged built-in account. The SCM default, but not svc4j's. */
  record LocalSystem() implements ServiceAccount {
    @Override
    public String startName(String serviceName) {
      return null;
    }

    @Override
    public String describe(String serviceName) {
      return "LocalSystem";
    }
  }

  /** Minimal local rights, anonymous on the network. */
  record LocalService() implements ServiceAccount {
    @Override
    public String startName(String serviceName) {
      return "NT AUTHORITY\\LocalService";
    }

    @Override
    public String describe(String serviceName) {
      return startName(serviceName);
    }
  }

  /** Minimal local rights, the computer's identity on the network. */
  record NetworkService() implements ServiceAccount {
    @Override
    public String startName(String serviceName) {
      return "NT AUTHORITY\\NetworkService";
    }

    @Override
    public String describe(String serviceName) {
      return startName(serviceName);
    }
  }

  /** The per-service virtual account {@code NT SERVICE\<name>}: least privilege, no password. */
  record Virtual() implements ServiceAccount {
    @Override
    public String startName(String serviceName) {
      return "NT SERVICE\\" + serviceName;
    }

    @Override
    public String describe(String serviceName) {
      return startName(serviceName);
    }
  }

  /**
   * A local or domain user. {@code name} is {@code DOMAIN\\user}, {@code .\\user} or {@code
   * user@domain}.
   */
  record User(String name, PasswordSource password) implements ServiceAccount {
    public User {
      if (name == null || name.isBlank()) {
        throw new ManagerException("the service account name is empty: give DOMAIN\\user");
      }
      if (password == null) {
        throw new ManagerException(
            "account "
                + name
                + " needs a password: give --password-file FILE or --password-prompt (never the"
                + " password itself)");
      }
      if (!name.contains("\\") && !name.contains("@")) {
        name = ".\\" + name; // the SCM wants a qualified name; "." is the local machine
      }
    }

    @Override
    public String startName(String serviceName) {
      return name;
    }

    @Override
    public String describe(String serviceName) {
      return name + " (password from " + password.describe() + ")";
    }

    @Override
    public String toString() {
      return "User[" + name + "]";
    }
  }

  /**
   * Parses an account as given on the command line: {@code LocalSystem}, {@code LocalService},
   * {@code NetworkService}, {@code virtual}, or a user name (which then needs a password source).
   */
  static ServiceAccount parse(String text, PasswordSource password) {
    if (text == null || text.isBlank()) {
      throw new ManagerException("the service account is empty: use LocalService, virtual, ...");
    }
    String key = text.trim().toLowerCase(Locale.ROOT).replace("nt authority\\", "");
    ServiceAccount builtIn =
        switch (key) {
          case "localsystem", "system" -> new LocalSystem();
          case "localservice", "local service" -> new LocalService();
          case "networkservice", "network service" -> new NetworkService();
          case "virtual", "nt service" -> new Virtual();
          default -> null;
        };
    if (builtIn != null) {
      if (password != null) {
        throw new ManagerException(
            "account " + text + " is a built-in account and takes no password: drop the password");
      }
      return builtIn;
    }
    if (text.regionMatches(true, 0, "NT SERVICE\\", 0, 11)) {
      throw new ManagerException(
          "use --account virtual for the virtual account NT SERVICE\\<service name>; another"
              + " service's virtual account cannot be used");
    }
    return new User(text.trim(), password);
  }
}
