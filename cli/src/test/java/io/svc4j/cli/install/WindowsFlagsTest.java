package io.svc4j.cli.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.cli.UsageException;
import io.svc4j.windows.manager.ServiceAccount;
import io.svc4j.windows.manager.SidType;
import io.svc4j.windows.manager.StartType;
import io.svc4j.windows.manager.WindowsOptions;
import io.svc4j.windows.manager.WindowsUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.TypeConversionException;

/**
 * The Windows flags become typed values at parse time (picocli converters) and the CLI, not the
 * Windows backend, says what is wrong with a combination of flags.
 */
class WindowsFlagsTest {

  @Command(name = "install")
  static final class Holder {
    @Mixin WindowsFlags flags;
  }

  private static WindowsFlags parse(String... args) {
    Holder holder = new Holder();
    new CommandLine(holder).parseArgs(args);
    return holder.flags;
  }

  @Test
  void converterErrorsAreOneLineNamingTheValuesThereAre() {
    assertThatThrownBy(() -> new StartTypeConverter().convert("sometimes"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("invalid start type 'sometimes': use auto, delayed-auto, manual or disabled");
    assertThatThrownBy(() -> new SidTypeConverter().convert("open"))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("invalid service SID type 'open': use none, unrestricted or restricted");
    assertThat(new StartTypeConverter().convert("delayed-auto")).isEqualTo(StartType.DELAYED_AUTO);
    assertThat(new SidTypeConverter().convert("restricted")).isEqualTo(SidType.RESTRICTED);
  }

  @Test
  void aBadValueIsRefusedWhileParsingNamingTheFlag() {
    assertThatThrownBy(() -> parse("--start-type", "sometimes"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--start-type")
        .hasMessageContaining("use auto, delayed-auto, manual or disabled")
        .hasMessageNotContaining("\n");
  }

  @Test
  void installOptionsAreTheFlagsGivenAndTheDefaultsForTheRest() {
    WindowsOptions options =
        parse(
                "--start-type",
                "delayed-auto",
                "--account",
                "NetworkService",
                "--depends-on",
                "Tcpip",
                "--preshutdown-timeout",
                "30s",
                "--sid-type",
                "restricted")
            .options(false);
    assertThat(options.startType()).isEqualTo(StartType.DELAYED_AUTO);
    assertThat(options.account()).isInstanceOf(ServiceAccount.NetworkService.class);
    assertThat(options.dependencies()).containsExactly("Tcpip");
    assertThat(options.preshutdownTimeout()).contains(Duration.ofSeconds(30));
    assertThat(options.sidType()).isEqualTo(SidType.RESTRICTED);
    assertThat(options.eventSource()).isFalse();
    assertThat(parse().options(true)).isEqualTo(WindowsOptions.DEFAULTS);
  }

  @Test
  void anUpdateHoldsOnlyTheFlagsGiven() {
    assertThat(parse().update(false).isEmpty()).isTrue();
    WindowsUpdate some =
        parse(
                "--start-type",
                "manual",
                "--account",
                "CORP\\svc",
                "--password-file",
                Path.of("pw").toString(),
                "--sid-type",
                "unrestricted")
            .update(false);
    assertThat(some.startType()).contains(StartType.MANUAL);
    assertThat(some.account()).containsInstanceOf(ServiceAccount.User.class);
    assertThat(some.sidType()).contains(SidType.UNRESTRICTED);
    assertThat(some.dependencies()).isEmpty();
    assertThat(parse().update(true).dependencies()).contains(List.of());
  }

  @Test
  void inconsistentFlagsAreUsageErrorsNamingTheFlags() {
    assertThatThrownBy(
            () ->
                parse("--account", "CORP\\svc", "--password-file", "pw", "--password-prompt")
                    .options(true))
        .isInstanceOf(UsageException.class)
        .hasMessage("give either --password-file or --password-prompt, not both");
    assertThatThrownBy(() -> parse("--password-file", "pw").options(true))
        .isInstanceOf(UsageException.class)
        .hasMessage("a password needs an account: add --account DOMAIN\\user");
    assertThatThrownBy(() -> parse("--password-file", "pw").update(false))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("add --account DOMAIN\\user");
    assertThatThrownBy(() -> parse("--depends-on", "a").update(true))
        .isInstanceOf(UsageException.class)
        .hasMessage("give either --depends-on or --no-dependencies, not both");
  }
}
