package io.svc4j.cli.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.Errors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The start of an embedded service without picocli: exactly the shape {@code install} writes and
 * {@code app ARGS} becomes, the values picocli would have given {@link RunCommand}, and the same
 * error line and exit code; anything else is left to picocli.
 */
class RunFastPathTest {

  private static Optional<RunFastPath.Parsed> parse(String... argv) {
    return RunFastPath.parse(argv);
  }

  @Test
  void theInstalledShapeIsParsedAsPicocliWould() {
    assertThat(parse("run", "--name", "web", "--stop-timeout", "28s", "--", "--port", "8080"))
        .contains(
            new RunFastPath.Parsed(
                Optional.of("web"), Duration.ofSeconds(28), List.of("--port", "8080")));
    assertThat(parse("run", "--", "--port", "8080"))
        .contains(
            new RunFastPath.Parsed(
                Optional.empty(), Duration.ofSeconds(30), List.of("--port", "8080")));
    assertThat(parse("run", "--name=web", "--stop-timeout=500ms", "--verbose", "--"))
        .contains(new RunFastPath.Parsed(Optional.of("web"), Duration.ofMillis(500), List.of()));
    assertThat(parse("run", "--", "--name", "x", "--help"))
        .as("after -- everything is the application's")
        .contains(
            new RunFastPath.Parsed(
                Optional.empty(), Duration.ofSeconds(30), List.of("--name", "x", "--help")));
  }

  @Test
  void anythingElseIsLeftToPicocli() {
    for (String[] argv :
        List.of(
            new String[] {},
            new String[] {"status", "--", "x"},
            new String[] {"--verbose", "run", "--", "x"},
            new String[] {"run", "--port", "8080"},
            new String[] {"run", "--help", "--"},
            new String[] {"run", "--name"},
            new String[] {"run", "--name", "--", "x"},
            new String[] {"run", "--name=", "--"},
            new String[] {"run", "--name", "a", "--name", "b", "--"},
            new String[] {"run", "--stop-timeout", "soon", "--"},
            new String[] {"run", "--stop-timeout=5s", "--stop-timeout=6s", "--"},
            new String[] {"run", "--verbose=true", "--"},
            new String[] {"run", "x", "--"})) {
      assertThat(RunFastPath.parse(argv)).as(String.join(" ", argv)).isEmpty();
    }
  }

  private record Result(int code, String err) {}

  private static CliContext context(StringWriter err) {
    return new CliContext(
        scope -> {
          throw new AssertionError("no manager here");
        },
        new PrintWriter(new StringWriter(), true),
        new PrintWriter(err, true));
  }

  private static final ServiceFactory BAD_OPTION =
      appArgs -> {
        throw new IllegalArgumentException("--port " + appArgs.get(1) + " is out of range");
      };

  @Test
  void aBadApplicationOptionGivesTheSameLineAndCodeAsThroughPicocli() {
    StringWriter fastErr = new StringWriter();
    int fast =
        EmbeddedService.execute(
            new String[] {"--port", "99999"},
            "app",
            BAD_OPTION,
            RunFastPathTest.class,
            context(fastErr));

    StringWriter slowErr = new StringWriter();
    String[] argv = {"run", "--", "--port", "99999"};
    CliContext slowContext = context(slowErr);
    int slow =
        Errors.configure(
                EmbeddedService.commandLine(
                    argv, "app", BAD_OPTION, RunFastPathTest.class, slowContext, Optional.empty()),
                slowContext,
                argv)
            .execute(argv);

    Result expected = new Result(slow, slowErr.toString());
    assertThat(expected.code()).isEqualTo(2);
    assertThat(expected.err()).isEqualTo("app: error: --port 99999 is out of range\n");
    assertThat(new Result(fast, fastErr.toString())).isEqualTo(expected);
  }

  @Test
  void anApplicationsOwnPicocliErrorIsAUsageErrorTooAndOtherFailuresAreNot() {
    ServiceFactory picocliError =
        appArgs -> {
          throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(picocli.CommandLine.Model.CommandSpec.create()),
              "Unknown option: '--colour'");
        };
    StringWriter err = new StringWriter();
    int code =
        EmbeddedService.execute(
            new String[] {"--colour"}, "app", picocliError, RunFastPathTest.class, context(err));
    assertThat(new Result(code, err.toString()))
        .isEqualTo(new Result(2, "app: error: Unknown option: '--colour'\n"));

    ServiceFactory broken =
        appArgs -> {
          throw new IllegalStateException("no config loaded");
        };
    StringWriter brokenErr = new StringWriter();
    int brokenCode =
        EmbeddedService.execute(
            new String[] {"x"}, "app", broken, RunFastPathTest.class, context(brokenErr));
    assertThat(brokenCode).as("not a usage error: %s", brokenErr).isNotEqualTo(2).isNotZero();
  }
}
