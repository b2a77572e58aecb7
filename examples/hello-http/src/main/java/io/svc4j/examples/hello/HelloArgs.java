package io.svc4j.examples.hello;

import java.nio.file.Path;

/**
 * hello-http's options as given, before validation: filled by {@link QuickArgs} on the start path
 * or by picocli ({@link PicocliArgs}) for anything unusual.
 */
final class HelloArgs {
  int port = HelloOptions.DEFAULT_PORT;
  String bind = HelloOptions.DEFAULT_BIND;
  Path staticDir;
  Path authTokenFile;
  boolean debugEndpoints;
}
