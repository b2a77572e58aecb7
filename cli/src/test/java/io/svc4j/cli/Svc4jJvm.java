package io.svc4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: the command line that runs {@code svc4j} in a JVM of its own, as a user would. */
public final class Svc4jJvm {

  private Svc4jJvm() {}

  /**
   * {@code java JVM_OPTIONS -cp CLASSPATH io.svc4j.cli.Svc4j ARGS}, with this JVM's java and the
   * tests' class path.
   */
  public static List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Svc4j.class.getName()));
    command.addAll(args);
    return command;
  }

  /** The same without JVM options. */
  public static List<String> command(String... args) {
    return command(List.of(), List.of(args));
  }

  /** The same with {@code -Xmx128m}, the heap the watch and registry tests give it. */
  public static List<String> small(String... args) {
    return command(List.of("-Xmx128m"), List.of(args));
  }
}
