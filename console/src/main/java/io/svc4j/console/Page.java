package io.svc4j.console;

/**
 * The server-rendered service page (the login page is {@link LoginPage}). Only fixed text and hex
 * tokens are put into it; service data reaches the browser as JSON and is shown with {@code
 * textContent}, never as HTML.
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
        <link rel="stylesheet" href="/static/uPlot.min.css">
        <script src="/static/uPlot.iife.min.js" defer></script>
        <script type="module" src="/static/console.js"></script>
        <script type="module" src="/static/selection.js"></script>
        <script type="module" src="/static/usage.js"></script>
        </head>
        <body data-role="%s">
        <header><h1>svc4j console</h1><span id="role">role: %s</span>%s</header>
        <main>
        <table id="services">
        <thead><tr><th><input id="select-all" type="checkbox" aria-label="select all"></th>\
        <th>service</th><th>state</th><th>pid</th><th>uptime</th><th>restarts</th>\
        <th>last exit</th><th>health</th><th>memory</th><th>CPU</th><th>actions</th></tr></thead>
        <tbody></tbody>
        </table>
        <div id="selection" hidden>
        <span id="selection-count"></span>
        <button type="button" data-selection-action="start">start</button>\
        <button type="button" data-selection-action="stop">stop</button>\
        <button type="button" data-selection-action="restart">restart</button>\
        <button type="button" data-selection-action="reload">reload</button>\
        <button type="button" data-selection-action="pause">pause</button>\
        <button type="button" data-selection-action="resume">resume</button>
        </div>
        <p id="message" role="status"></p>
        <ul id="results"></ul>
        <section id="usage" hidden>
        <h2>memory and CPU of <span id="usage-name"></span> over the last hour</h2>
        <div id="usage-chart"></div>
        <p id="usage-now"></p>
        </section>
        <section id="logs" hidden>
        <h2>log of <span id="log-name"></span></h2>
        <button id="log-pause" type="button">pause</button>
        <pre id="log-lines"></pre>
        </section>
        </main>
        </body>
        </html>
        """
        .formatted(
            session.csrf(),
            session.role().name(),
            session.role().name().toLowerCase(),
            LoginPage.logoutForm(session));
  }
}
