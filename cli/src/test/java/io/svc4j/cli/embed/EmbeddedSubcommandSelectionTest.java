package io.svc4j.cli.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.svc4j.cli.CliContext;
import io.svc4j.cli.manage.ManageCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * An embedded application's command line registers only the subcommand its arguments name ({@code
 * run} at every start of an installed service), and that is the very command the full list has.
 */
class EmbeddedSubcommandSelectionTest {

  private static CommandLine commandLine(String... args) {
    return EmbeddedService.commandLine(
        args,
        "app",
        appArgs -> {
          throw new AssertionError("not built here");
        },
        EmbeddedSubcommandSelectionTest.class,
        CliContext.system(),
        Optional.empty());
  }

  private static Map<String, Class<?>> commands(CommandLine cli) {
    return cli.getSubcommands().entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().getCommandSpec().userObject().getClass()));
  }

  @Test
  void eachSubcommandAloneIsTheOneOfTheFullList() {
    Map<String, Class<?>> all = commands(commandLine("--help"));
    List<String> names = new ArrayList<>(List.of("run", "install", "list"));
    names.addAll(ManageCommands.NAMES);
    names.addAll(ManageCommands.ALIASES);
    assertThat(all.keySet()).containsAll(names);
    for (String name : names) {
      Map<String, Class<?>> one = commands(commandLine("--verbose", name, "--", "x"));
      assertThat(one).as(name).containsEntry(name, all.get(name));
      assertThat(one.values().stream().distinct()).as(name).hasSize(1);
    }
  }

  @Test
  void helpNoNameOrAnUnknownNameRegistersThemAll() {
    Map<String, Class<?>> all = commands(commandLine("--help"));
    for (String[] args :
        List.of(new String[] {}, new String[] {"--version"}, new String[] {"stauts"})) {
      assertThat(commands(commandLine(args))).isEqualTo(all);
    }
    assertThat(Stream.of("run", "install", "status")).allMatch(all::containsKey);
  }
}
