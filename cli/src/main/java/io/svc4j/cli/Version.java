package io.svc4j.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest (Implementation-Version), set by the build. */
public final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"svc4j " + (v == null ? "development build" : v)};
  }
}
