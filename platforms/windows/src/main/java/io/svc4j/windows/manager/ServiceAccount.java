package io.svc4j.windows.manager;

import io.svc4j.manager.ManagerException;
import io.svc4j.manager.Refusal;
import java.util.Locale;

/**
 * The account a service runs as. Built-in accounts, the virtual account and a group managed service
 * account (gMSA) need no password; a user account gets its password from a {@link PasswordSource}
 * (a file or a prompt, never the command line), read only at the moment the SCM needs it and never
 * kept in a string or printed.
 */
public sealed interface ServiceAccount {

  /** The lpServiceStartName given to CreateService; null means LocalSystem. */
  String startName(String serviceName);

  /** How the account is shown by plan and status; never contains a secret. */
  String describe(String serviceName);

  /**
   * Whether the account needs the "Log on as a service" right (SeServiceLogonRight) granted: true
   * for users and gMSAs; the built-in and virtual accounts have it by being what they are.
   */
  default boolean needsLogonRight() {
    return false;
  }

  /** Refuses an account this service cannot use; called once the service name is known. */
  default void requireUsableBy(String serviceName) {}

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

  /**
   * The per-service virtual account {@code NT SERVICE\<name>}: least privilege, no password. {@code
   * given} is the name as written ({@code NT SERVICE\web}), null for {@code virtual}; it must be
   * this service's own name.
   */
  record Virtual(String given) implements ServiceAccount {
    public Virtual() {
      this(null);
    }

    @Override
    public String startName(String serviceName) {
      return "NT SERVICE\\" + serviceName;
    }

    @Override
    public void requireUsableBy(String serviceName) {
      if (given != null && !given.equalsIgnoreCase(serviceName)) {
        throw new ManagerException(new Refusal.OtherVirtualAccount(serviceName, given));
      }
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
        throw new ManagerException(new Refusal.PasswordMissing(name));
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
    public boolean needsLogonRight() {
      return true;
    }

    @Override
    public String toString() {
      return "User[" + name + "]";
    }
  }

  /**
   * A group managed service account, {@code DOMAIN\\name$}: the domain sets and rotates its
   * password, so none is given (the SCM gets an empty one). The computer must be allowed to
   * retrieve it (Install-ADServiceAccount on the host).
   */
  record Gmsa(String name) implements ServiceAccount {
    public Gmsa {
      if (name == null || !name.endsWith("$") || name.length() < 2) {
        throw new ManagerException(
            "a group managed service account ends with $: give DOMAIN\\name$");
      }
      if (!name.contains("\\") && !name.contains("@")) {
        throw new ManagerException(
            "give the domain of the group managed service account " + name + ": DOMAIN\\" + name);
      }
    }

    @Override
    public String startName(String serviceName) {
      return name;
    }

    @Override
    public String describe(String serviceName) {
      return name + " (group managed service account, no password)";
    }

    @Override
    public boolean needsLogonRight() {
      return true;
    }
  }

  /**
   * Parses an account as given on the command line: {@code LocalSystem}, {@code LocalService},
   * {@code NetworkService}, {@code virtual} or {@code NT SERVICE\\<this service>}, a gMSA ({@code
   * DOMAIN\\name$}, no password), or a user name (which then needs a password source).
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
    String trimmed = text.trim();
    if (trimmed.regionMatches(true, 0, "NT SERVICE\\", 0, 11)) {
      if (password != null) {
        throw new ManagerException(
            "the virtual account " + trimmed + " takes no password: drop the password");
      }
      String service = trimmed.substring(11);
      if (service.isBlank()) {
        throw new ManagerException("give the service name: NT SERVICE\\<service name>");
      }
      return new Virtual(service);
    }
    if (trimmed.endsWith("$")) {
      if (password != null) {
        throw new ManagerException(
            "account "
                + trimmed
                + " is a group managed service account: the domain manages its password; drop"
                + " the password");
      }
      return new Gmsa(trimmed);
    }
    return new User(trimmed, password);
  }
}
