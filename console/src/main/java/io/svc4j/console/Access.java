package io.svc4j.console;

import java.util.Locale;
import java.util.Optional;

/**
 * Whom the console lets in, read from the files {@link ConsoleOptions} names: the operator's and
 * the viewer's token, the users file, the TLS context and the allow-list. Loaded once at start;
 * every problem is one line before anything listens.
 */
record Access(
    Optional<String> operatorToken,
    Optional<String> viewerToken,
    Optional<UsersFile> users,
    Optional<TlsContext> tls,
    AllowList allowList) {

  /** Who logged in: how audit lines name them, and what they may do. */
  record Principal(String who, Role role) {}

  /**
   * @throws IllegalArgumentException with one line
   */
  static Access load(ConsoleOptions options) {
    return new Access(
        options.operatorTokenFile().map(f -> ConsoleOptions.readToken(f, "--token-file")),
        options.viewerTokenFile().map(f -> ConsoleOptions.readToken(f, "--viewer-token-file")),
        options.usersFile().map(UsersFile::read),
        options.tls().map(TlsContext::load),
        new AllowList(options.allow()));
  }

  boolean authRequired() {
    return operatorToken.isPresent() || viewerToken.isPresent() || users.isPresent();
  }

  /**
   * Checks a user name and password against the users file (when {@code user} is not empty), or a
   * token against the token files. Every comparison takes the same time whether it matches or not,
   * and an unknown user costs the same PBKDF2 work as a known one.
   */
  Optional<Principal> authenticate(String user, char[] password, String token) {
    if (!user.isEmpty()) {
      if (users.isEmpty()) {
        return Optional.empty();
      }
      Optional<UsersFile.User> found = users.get().find(user);
      if (found.isEmpty()) {
        users.get().decoy().matches(password); // same cost as a real user: no name oracle
        return Optional.empty();
      }
      var u = found.get();
      return u.hash().matches(password)
          ? Optional.of(
              new Principal(
                  u.name() + " (" + u.role().name().toLowerCase(Locale.ROOT) + ")", u.role()))
          : Optional.empty();
    }
    if (operatorToken.isPresent() && Sessions.same(token, operatorToken.get())) {
      return Optional.of(new Principal(Role.OPERATOR.name(), Role.OPERATOR));
    }
    if (viewerToken.isPresent() && Sessions.same(token, viewerToken.get())) {
      return Optional.of(new Principal(Role.VIEWER.name(), Role.VIEWER));
    }
    return Optional.empty();
  }

  /** Whether {@code user} is a name in the users file (only such names are written to the log). */
  boolean isUser(String user) {
    return users.isPresent() && users.get().find(user).isPresent();
  }
}
