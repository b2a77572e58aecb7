package io.svc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code svc4j NAME ...} registers only the subcommand NAME (start-up: picocli models every
 * registered command first); the result must be the very command the full list has.
 */
class SubcommandSelectionTest {

  private final CliContext context =
      new CliContext(
          scope -> new FakeManager(),
          new PrintWriter(new StringWriter(), true),
          new PrintWriter(new StringWriter(), true));

  @Test
  void eachNameAndAliasRegistersExactlyThatCommand() {
    CommandLine all = Svc4j.commandLine(new String[0], context);
    assertThat(all.getSubcommands()).hasSizeGreaterThan(15).containsKeys("status", "continue");

    for (var entry : all.getSubcommands().entrySet()) {
      CommandLine one = Svc4j.commandLine(new String[] {"--verbose", entry.getKey(), "x"}, context);
      String name = entry.getValue().getCommandName();
      assertThat(one.getSubcommands().values().stream().map(CommandLine::getCommandName).distinct())
          .as(entry.getKey())
          .containsExactly(name);
      assertThat(one.getSubcommands().get(entry.getKey()).getCommandSpec().userObject().getClass())
          .isEqualTo(entry.getValue().getCommandSpec().userObject().getClass());
    }
  }

  @Test
  void noNameOrAnUnknownOneRegistersAllInHelpOrder() {
    List<String> names =
        new ArrayList<>(Svc4j.commandLine(new String[0], context).getSubcommands().keySet());
    assertThat(names).startsWith("install", "uninstall", "start", "stop").contains("watch");
    assertThat(Svc4j.commandLine(new String[] {"stauts", "web"}, context).getSubcommands().keySet())
        .containsExactlyElementsOf(names);
    assertThat(Svc4j.commandLine(new String[] {"--help"}, context).getSubcommands().keySet())
        .containsExactlyElementsOf(names);
  }

  @Test
  void managementNamesAreExactlyWhatManageCommandsRegistersPlusInstallListLogs() {
    CommandLine cli = new CommandLine(CommandLine.Model.CommandSpec.create());
    io.svc4j.cli.manage.ManageCommands.addTo(cli, context);
    assertThat(cli.getSubcommands().keySet())
        .containsExactlyInAnyOrderElementsOf(
            new java.util.HashSet<>(
                java.util.stream.Stream.concat(
                        io.svc4j.cli.manage.ManageCommands.NAMES.stream(),
                        io.svc4j.cli.manage.ManageCommands.ALIASES.stream())
                    .toList()));
    assertThat(Subcommands.MANAGEMENT)
        .containsAll(cli.getSubcommands().keySet())
        .contains("install", "list", "logs")
        .hasSize(cli.getSubcommands().size() + 3);
  }
}
