package io.svc4j.cli.install;

import io.svc4j.cli.Durations;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that starts this very application again in {@code run} mode: the absolute path
 * of the running java, its memory/GC options ({@link JvmOptions}), the jar (or class path and main
 * class), then {@code run --name NAME --stop-timeout T -- APP-ARGS}.
 */
public final class SelfCommandSource implements CommandSource {

  private final Class<?> mainClass;
  private final List<String> runOptions;
  private final List<String> jvmDefaults;

  public SelfCommandSource(Class<?> mainClass) {
    this(mainClass, List.of());
  }

  /**
   * @param runOptions options placed after {@code run --name NAME}, e.g. the supervisor's {@code
   *     --log-dir}
   */
  public SelfCommandSource(Class<?> mainClass, List<String> runOptions) {
    this(mainClass, runOptions, List.of());
  }

  /**
   * @param jvmDefaults JVM options the service gets unless the installing JVM's own travelling
   *     options set them (e.g. {@link JvmOptions#supervisor()})
   */
  public SelfCommandSource(Class<?> mainClass, List<String> runOptions, List<String> jvmDefaults) {
    this.mainClass = mainClass;
    this.runOptions = List.copyOf(runOptions);
    this.jvmDefaults = List.copyOf(jvmDefaults);
  }

  @Override
  public List<String> command(String serviceName, List<String> appArgs, Duration stopDeadline) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(
        JvmOptions.withDefaults(
            jvmDefaults,
            JvmOptions.travelling(ManagementFactory.getRuntimeMXBean().getInputArguments())));
    command.addAll(
        ServiceArchive.flags(serviceName)); // only when one is there (docs/performance.md)
    Path location = codeLocation();
    if (Files.isRegularFile(location)) {
      command.add("-jar");
      command.add(location.toString());
    } else {
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass.getName());
    }
    command.add("run");
    command.add("--name");
    command.add(serviceName);
    command.addAll(runOptions);
    command.add("--stop-timeout");
    command.add(Durations.format(stopDeadline));
    command.add("--");
    command.addAll(appArgs);
    return command;
  }

  static String javaExecutable() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private Path codeLocation() {
    try {
      return Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toAbsolutePath();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException(
          "cannot tell where " + mainClass.getName() + " was loaded from", e);
    }
  }
}
