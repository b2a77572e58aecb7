package io.svc4j.console;

/**
 * The login page: user name and password when there is a users file, a token field when there are
 * token files. Only fixed text is put into it.
 */
final class LoginPage {

  private LoginPage() {}

  static String html(Access access, String problem) {
    String userFields =
        access.users().isPresent()
            ? """
              <label>user <input id="user" name="user" autocomplete="username"></label>
              <label>password <input id="password" name="password" type="password" \
              autocomplete="current-password"></label>
              """
            : "";
    String tokenField =
        access.operatorToken().isPresent() || access.viewerToken().isPresent()
            ? """
              <label>token <input id="token" name="token" type="password" autocomplete="off">\
              </label>
              """
            : "";
    return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>svc4j console: log in</title>
        <link rel="stylesheet" href="/static/console.css"></head>
        <body>
        <h1>svc4j console</h1>
        <form method="post" action="/login">
        %s%s<button id="login" type="submit">log in</button>
        </form>
        <p id="problem">%s</p>
        </body>
        </html>
        """
        .formatted(userFields, tokenField, escape(problem));
  }

  /** A log-out button for a session that began with a login; nothing otherwise. */
  static String logoutForm(Sessions.Session session) {
    return session.loggedIn()
        ? "<form id=\"logout-form\" method=\"post\" action=\"/logout\">"
            + "<input type=\"hidden\" name=\"csrf\" value=\""
            + session.csrf() // hex only
            + "\"><button id=\"logout\" type=\"submit\">log out</button></form>"
        : "";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
