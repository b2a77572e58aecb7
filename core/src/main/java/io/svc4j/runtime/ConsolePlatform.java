package io.svc4j.runtime;

/** A plain foreground process: Ctrl+C / SIGTERM stop it, SIGHUP reloads it. */
public final class ConsolePlatform implements Platform {

  @Override
  public String name() {
    return "console";
  }

  @Override
  public int run(ServiceController controller) throws InterruptedException {
    SignalControls.install(controller);
    controller.start();
    return controller.awaitTermination().exitCode();
  }
}
