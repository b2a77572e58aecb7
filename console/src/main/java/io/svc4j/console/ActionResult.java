package io.svc4j.console;

/**
 * The outcome of one action on one service, as the page shows it.
 *
 * @param name the service
 * @param action what was asked ({@code restart})
 * @param ok whether it worked
 * @param message what was done ({@code restarted}), or why it failed
 * @param via who carried it out: {@code supervisor} (its control channel), {@code manager} (the
 *     service manager), or {@code none}
 */
record ActionResult(String name, String action, boolean ok, String message, String via) {}
