package io.svc4j.examples.hello.http;

/**
 * Start-up settings for Jetty, applied before its first class initialises.
 *
 * <p>Jetty's {@code MemoryUtils} asks the platform MBean server whether compressed oops are on, to
 * size the padding of its queues against false sharing. Creating the platform MBean server
 * registers every JDK MXBean, the diagnostic-command MBean among them, which loads JMX and parses
 * JFR's settings files: ~250 ms of a ~1.3 s start of hello-http on a quiet 2-core machine. Telling
 * Jetty the answer ({@code org.eclipse.jetty.util.referencesPerCacheLine}, its own property) skips
 * all of that. The value is a padding hint only: compressed oops (4-byte references, 16 per 64-byte
 * line) are the JVM's default below a 32 GiB heap; above it references are 8 bytes. A value given
 * on the command line is kept.
 */
public final class JettyStartup {

  static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

  private JettyStartup() {}

  public static void prepare() {
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
      boolean compressedOops = Runtime.getRuntime().maxMemory() < (32L << 30);
      System.setProperty(REFERENCES_PER_CACHE_LINE, compressedOops ? "16" : "8");
    }
  }
}
