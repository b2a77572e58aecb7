package io.svc4j.console;

/**
 * The two server-rendered pages. Only fixed text and hex tokens are put into them; service data
 * reaches the browser as JSON and is shown with {@code textContent}, never as HTML.
 */
final class Page {

  private Page() {}

  static String index(Sessions.Session session) {
    return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="csrf" content="%s">
        <title>svc4j console</title>
        <link rel="stylesheet" href="/static/console.css">
        <script type="module" src="/static/console.js"></script>
        </head>
        <body data-role="%s">
        <header><h1>svc4j console</h1><span id="role">role: %s</span></header>
        <main>
        <table id="services">
        <thead><tr><th>service</th><th>state</th><th>pid</th><th>uptime</th><th>restarts</th>\
        <th>last exit</th><th>health</th><th>memory</th><th>CPU</th><th>actions</th></tr></thead>
        <tbody></tbody>
        </table>
        <p id="message" role="status"></p>
        <section id="logs" hidden>
        <h2>log of <span id="log-name"></span></h2>
        <button id="log-pause" type="button">pause</button>
        <pre id="log-lines"></pre>
        </section>
        </main>
        </body>
        </html>
        """
        .formatted(session.csrf(), session.role().name(), session.role().name().toLowerCase());
  }

  static String login(String problem) {
    return """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>svc4j console: log in</title>
        <link rel="stylesheet" href="/static/console.css"></head>
        <body>
        <h1>svc4j console</h1>
        <form method="post" action="/login">
        <label>token <input id="token" name="token" type="password" autocomplete="off"></label>
        <button id="login" type="submit">log in</button>
        </form>
        <p id="problem">%s</p>
        </body>
        </html>
        """
        .formatted(problem.equals("wrong token") ? "wrong token" : "");
  }
}
