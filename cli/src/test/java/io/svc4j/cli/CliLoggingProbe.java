package io.svc4j.cli;

import org.slf4j.LoggerFactory;

/** Run in a fresh JVM by {@link CliLoggingTest}: logs one line the way the svc4j command does. */
public final class CliLoggingProbe {

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("cli")) {
      System.setProperty(CliLogbackConfigurator.PROPERTY, "true");
    }
    LoggerFactory.getLogger("io.svc4j.probe").info("probe line");
  }
}
