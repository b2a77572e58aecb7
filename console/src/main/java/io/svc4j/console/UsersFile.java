package io.svc4j.console;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code --users-file}: one user a line, {@code name:role:hash}, with role {@code operator} or
 * {@code viewer} and a {@link PasswordHash}; blank lines and lines starting with {@code #} are
 * skipped. The file must be readable by its owner only, like a token file.
 */
public final class UsersFile {

  /** One line of the file. */
  record User(String name, Role role, PasswordHash hash) {}

  /** Shortest password {@link #line} accepts. */
  public static final int MIN_PASSWORD_LENGTH = 12;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final Map<String, User> users;

  private final PasswordHash decoy;

  private UsersFile(Map<String, User> users) {
    this.users = Map.copyOf(users);
    // Random salt and hash: checking against it costs the real PBKDF2 rounds, and no password
    // matches it; making it costs nothing at start.
    var random = new java.security.SecureRandom();
    byte[] salt = new byte[16];
    byte[] hash = new byte[32];
    random.nextBytes(salt);
    random.nextBytes(hash);
    this.decoy = new PasswordHash(users.values().iterator().next().hash().iterations(), salt, hash);
  }

  /**
   * @throws IllegalArgumentException with one line naming the file, the line and the fix
   */
  static UsersFile read(Path file) {
    String text = SecretFiles.read(file, "--users-file");
    Map<String, User> users = new LinkedHashMap<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "--users-file " + file + " line " + (i + 1);
      String[] parts = line.split(":", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            where + ": expected name:role:hash (make a line with svc4j console hash-password)");
      }
      if (!NAME.matcher(parts[0]).matches()) {
        throw new IllegalArgumentException(
            where + ": a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -");
      }
      Role role = role(parts[1], where);
      PasswordHash hash;
      try {
        hash = PasswordHash.parse(parts[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
      if (users.putIfAbsent(parts[0], new User(parts[0], role, hash)) != null) {
        throw new IllegalArgumentException(where + ": user " + parts[0] + " is listed twice");
      }
    }
    if (users.isEmpty()) {
      throw new IllegalArgumentException(
          "--users-file " + file + " lists no user; add one with svc4j console hash-password");
    }
    return new UsersFile(users);
  }

  Optional<User> find(String name) {
    return Optional.ofNullable(users.get(name));
  }

  /** A hash no password matches, as costly as the file's first: checked for unknown names. */
  PasswordHash decoy() {
    return decoy;
  }

  /**
   * A line for the file (what {@code svc4j console hash-password} prints).
   *
   * @throws IllegalArgumentException with one line when the name or password cannot be used
   */
  public static String line(String name, Role role, char[] password) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "user name " + name + " is not 1 to 64 of A-Z a-z 0-9 . _ @ -");
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    return name
        + ":"
        + role.name().toLowerCase(Locale.ROOT)
        + ":"
        + PasswordHash.create(password, PasswordHash.DEFAULT_ITERATIONS).encode();
  }

  private static Role role(String text, String where) {
    return switch (text) {
      case "operator" -> Role.OPERATOR;
      case "viewer" -> Role.VIEWER;
      default ->
          throw new IllegalArgumentException(
              where + ": role " + text + " is neither operator nor viewer");
    };
  }
}
