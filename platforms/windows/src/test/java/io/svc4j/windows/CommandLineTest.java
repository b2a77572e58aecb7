package io.svc4j.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

  @Property(tries = 2000)
  void everyCommandRoundTripsThroughArgvRules(
      @ForAll("programs") String program,
      @ForAll @Size(max = 6) List<@net.jqwik.api.From("arguments") String> args) {
    List<String> command = new ArrayList<>();
    command.add(program);
    command.addAll(args);

    String line = CommandLine.join(command);

    assertThat(ArgvParser.parse(line)).containsExactlyElementsOf(command);
    assertThat(line).startsWith("\"" + program + "\"");
  }

  @Provide
  Arbitrary<String> programs() {
    return Arbitraries.strings()
        .withChars("C:\\Program Files (x86)\\ é日本.exe-_'&^()")
        .ofMinLength(1)
        .ofMaxLength(40);
  }

  @Provide
  Arbitrary<String> arguments() {
    // Heavy on the characters that matter: quotes, backslashes, whitespace, wildcards.
    return Arbitraries.oneOf(
            Arbitraries.strings().withChars("\\\" \ta*?").ofMaxLength(12),
            Arbitraries.strings().withChars("\\\" \tabcé日%&|<>^=-:/.").ofMaxLength(20),
            Arbitraries.of("", "\\", "\\\\", "\"", "\\\"", "a\\", "a b\\", "\" \"", "-Dx=\"y z\""))
        // Two '%' are rejected on purpose (the SCM would expand them); tested separately.
        .filter(s -> s.chars().filter(c -> c == '%').count() < 2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "\"",
        "\\",
        "\\\\",
        "a\\\\b",
        "C:\\dir with space\\",
        "ends with backslash\\",
        "\\\"quoted\\\"",
        "\"\"",
        "tab\there",
        "*.txt",
        "what?",
        "x\\\\\\\"y",
        "--name=\"a b\"",
      })
  void adversarialArgumentsSurvive(String argument) {
    List<String> command = List.of("C:\\Program Files\\Java\\bin\\java.exe", argument, "next");
    assertThat(ArgvParser.parse(CommandLine.join(command))).containsExactlyElementsOf(command);
  }

  @Test
  void programWithSpacesIsAlwaysQuoted() {
    String line = CommandLine.join(List.of("C:\\Program Files\\My App\\app.exe", "--port", "8080"));
    assertThat(line).isEqualTo("\"C:\\Program Files\\My App\\app.exe\" --port 8080");
  }

  @Test
  void programWithoutSpacesIsQuotedToo() {
    assertThat(CommandLine.join(List.of("C:\\app.exe"))).isEqualTo("\"C:\\app.exe\"");
  }

  @Test
  void programEndingInBackslashIsNotEscaped() {
    // argv[0] has no escape rules: the backslash must stay single.
    String line = CommandLine.join(List.of("C:\\odd\\", "x"));
    assertThat(line).isEqualTo("\"C:\\odd\\\" x");
    assertThat(ArgvParser.parse(line)).containsExactly("C:\\odd\\", "x");
  }

  @Test
  void rejectsQuoteInProgram() {
    assertThatThrownBy(() -> CommandLine.join(List.of("C:\\a\"b.exe")))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("double quote");
  }

  @Test
  void rejectsEnvironmentReferencesTheScmWouldExpand() {
    assertThatThrownBy(() -> CommandLine.join(List.of("C:\\a.exe", "%PATH%")))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("environment variable");
    assertThat(CommandLine.join(List.of("C:\\a.exe", "100%"))).endsWith(" 100%");
  }

  @Test
  void rejectsControlCharacters() {
    assertThatThrownBy(() -> CommandLine.join(List.of("C:\\a.exe", "line\nbreak")))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("U+000A")
        .hasMessageNotContaining("\n");
  }

  @Test
  void rejectsTooLongProgramPathAndCommandLine() {
    String longPath = "C:\\" + "d".repeat(300) + "\\a.exe";
    assertThatThrownBy(() -> CommandLine.join(List.of(longPath)))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("at most 259");
    assertThat(CommandLine.join(List.of("\\\\?\\" + longPath))).contains("ddd");
    assertThatThrownBy(() -> CommandLine.join(List.of("C:\\a.exe", "x".repeat(40_000))))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("at most 32766");
  }

  @Test
  void parserFollowsDocumentedExamples() {
    // The table of examples in Microsoft's "Parsing C command-line arguments".
    assertThat(ArgvParser.parse("p \"a b c\" d e")).containsExactly("p", "a b c", "d", "e");
    assertThat(ArgvParser.parse("p \"ab\\\"c\" \"\\\\\" d"))
        .containsExactly("p", "ab\"c", "\\", "d");
    assertThat(ArgvParser.parse("p a\\\\\\b d\"e f\"g h"))
        .containsExactly("p", "a\\\\\\b", "de fg", "h");
    assertThat(ArgvParser.parse("p a\\\\\\\"b c d")).containsExactly("p", "a\\\"b", "c", "d");
    assertThat(ArgvParser.parse("p a\\\\\\\\\"b c\" d e"))
        .containsExactly("p", "a\\\\b c", "d", "e");
  }
}
