package io.svc4j.cli.install;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which JVM options of the installing JVM travel into an installed service's command line, and the
 * options an installed supervisor gets by default (measured in docs/performance.md).
 */
public final class JvmOptions {

  /**
   * The supervisor JVM: it mostly sleeps, so it is tuned for footprint, not throughput. Serial GC
   * and a small heap that grows on demand (G1 commits 1/64 of RAM up front); C1 only with one
   * compiler thread (C2 and its threads cost memory and the ~5 ms compilations it never needs),
   * compiling only what runs ten times more often than the default thresholds ask (start-up code
   * runs once; what the supervisor repeats, such as pumping logs, still gets compiled); small
   * thread stacks; a bounded code cache and metaspace; no hsperfdata file. All exist, with the same
   * meaning, on Java 21 and 25 (LauncherCacheE2eTest's JREs; the Wine e2e runs a 21). Each is
   * measured in docs/performance.md.
   */
  public static final List<String> SUPERVISOR =
      List.of(
          "-XX:+UseSerialGC",
          "-Xms8m",
          "-Xmx128m",
          "-XX:TieredStopAtLevel=1",
          "-XX:CICompilerCount=1",
          "-XX:CompileThresholdScaling=10",
          "-Xss512k",
          "-XX:ReservedCodeCacheSize=24m",
          "-XX:MaxMetaspaceSize=96m",
          "-XX:-UsePerfData");

  /**
   * Makes a JVM ignore an {@code -XX} option it does not know instead of refusing to start: the
   * version-gated options below are chosen for the JVM that runs {@code svc4j install}, and the
   * same path may later hold an older JDK (a downgrade, another distribution's package).
   */
  static final String IGNORE_UNKNOWN = "-XX:+IgnoreUnrecognizedVMOptions";

  /**
   * Returns the glibc heap's free pages to the system every 10 s: the JIT compiler's arenas and
   * start-up work leave ~6 MiB of freed malloc memory that glibc keeps otherwise. Linux only
   * (elsewhere the JVM only warns that it cannot); Java 22+, and 21 from update 1 (JDK-8293114).
   */
  static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=10000";

  /**
   * What {@code svc4j install} writes for a supervisor run by this very JVM (the unit runs the java
   * that installed it): {@link #SUPERVISOR} plus the options this version and OS have.
   */
  public static List<String> supervisor() {
    return supervisor(Runtime.version(), System.getProperty("os.name", "").startsWith("Linux"));
  }

  /** The same for a JVM of {@code version}, on Linux or not (tests: each version's choice). */
  public static List<String> supervisor(Runtime.Version version, boolean linux) {
    List<String> out = new ArrayList<>();
    out.add(IGNORE_UNKNOWN);
    out.addAll(SUPERVISOR);
    boolean trims = version.feature() > 21 || (version.feature() == 21 && version.update() >= 1);
    if (linux && trims) {
      out.add(TRIM_NATIVE_HEAP);
    }
    return List.copyOf(out);
  }

  // Options of one JVM run only: class-data caches (paths in the installing user's private cache,
  // record mode), log output, diagnostics, and the CLI's own compiler choice.
  private static final List<String> RUN_ONLY =
      List.of(
          "-XX:AOTCache",
          "-XX:AOTMode",
          "-XX:AOTConfiguration",
          "-XX:AOTCacheOutput",
          "-XX:SharedArchiveFile",
          "-XX:+AutoCreateSharedArchive",
          "-XX:-AutoCreateSharedArchive",
          "-XX:ArchiveClassesAtExit",
          "-XX:+VerifySharedSpaces",
          "-XX:+UnlockDiagnosticVMOptions",
          "-XX:-DisplayVMOutput",
          "-XX:TieredStopAtLevel",
          "-Xshare",
          "-Xlog",
          "-Xdebug",
          "-Xrun");

  private static final Set<String> GC_SELECTIONS =
      Set.of(
          "UseSerialGC",
          "UseParallelGC",
          "UseG1GC",
          "UseZGC",
          "UseShenandoahGC",
          "UseEpsilonGC",
          "UseParallelOldGC");

  private JvmOptions() {}

  /**
   * The options of {@code running} that travel: heap, GC and runtime tuning ({@code -X...}), never
   * {@code -D} values (they may hold secrets), agents, or the {@link #RUN_ONLY} ones.
   */
  public static List<String> travelling(List<String> running) {
    List<String> out = new ArrayList<>();
    for (String option : running) {
      if (option.startsWith("-X") && RUN_ONLY.stream().noneMatch(option::startsWith)) {
        out.add(option);
      }
    }
    return out;
  }

  /**
   * {@code defaults} followed by {@code given}, leaving out each default that {@code given} already
   * sets (the same option, or any collector for a collector: two are a start failure).
   */
  public static List<String> withDefaults(List<String> defaults, List<String> given) {
    List<String> out = new ArrayList<>();
    for (String option : defaults) {
      String name = name(option);
      boolean gc = GC_SELECTIONS.contains(name);
      boolean overridden =
          given.stream()
              .map(JvmOptions::name)
              .anyMatch(n -> n.equals(name) || (gc && GC_SELECTIONS.contains(n)));
      if (!overridden) {
        out.add(option);
      }
    }
    out.addAll(given);
    return out;
  }

  /** {@code -XX:+Name}, {@code -XX:Name=v} -> Name; {@code -Xmx64m} -> -Xmx; else the option. */
  static String name(String option) {
    if (option.startsWith("-XX:")) {
      String rest = option.substring(4);
      if (rest.startsWith("+") || rest.startsWith("-")) {
        rest = rest.substring(1);
      }
      int eq = rest.indexOf('=');
      return eq < 0 ? rest : rest.substring(0, eq);
    }
    for (String prefix : List.of("-Xmx", "-Xms", "-Xss", "-Xmn")) {
      if (option.startsWith(prefix)) {
        return prefix;
      }
    }
    return option;
  }
}
