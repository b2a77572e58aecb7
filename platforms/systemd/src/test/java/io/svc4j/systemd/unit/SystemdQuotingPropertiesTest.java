package io.svc4j.systemd.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.svc4j.manager.ManagerException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SystemdQuotingPropertiesTest {

  @Property(tries = 1000)
  void commandLinesReadBackAsTheSameArguments(@ForAll("argumentLists") List<String> arguments) {
    String line = SystemdQuoting.commandLine(arguments);
    new Directive("ExecStart", line); // fits one unit file line, no continuation

    assertThat(SystemdUnquoter.commandLine(line)).containsExactlyElementsOf(arguments);
  }

  @Property(tries = 1000)
  void environmentAssignmentsReadBackUnchanged(
      @ForAll("names") String name, @ForAll("tricky") String value) {
    String word = SystemdQuoting.environmentAssignment(name, value);
    new Directive("Environment", word);

    assertThat(SystemdUnquoter.environment(word)).containsExactly(name + "=" + value);
  }

  @Property(tries = 500)
  void verbatimValuesKeepTheirPercentSigns(@ForAll("pathLike") String path) {
    assertThat(SystemdUnquoter.verbatim(SystemdQuoting.verbatim(path, "path"))).isEqualTo(path);
  }

  @Property(tries = 200)
  void unpairedSurrogatesAreRefused(@ForAll("tricky") String prefix) {
    assertThatThrownBy(() -> SystemdQuoting.execArgument(prefix + "\ud800" + "x"))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("unpaired surrogate");
  }

  @Example
  void specialCharactersAreEscapedAsDocumented() {
    assertThat(SystemdQuoting.execArgument("")).isEqualTo("\"\"");
    assertThat(SystemdQuoting.execArgument("a b")).isEqualTo("\"a b\"");
    assertThat(SystemdQuoting.execArgument("100%")).isEqualTo("\"100%%\"");
    assertThat(SystemdQuoting.execArgument("$HOME")).isEqualTo("\"$$HOME\"");
    assertThat(SystemdQuoting.execArgument("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
    assertThat(SystemdQuoting.execArgument("it's")).isEqualTo("\"it's\"");
    assertThat(SystemdQuoting.execArgument("C:\\dir\\")).isEqualTo("\"C:\\\\dir\\\\\"");
    assertThat(SystemdQuoting.execArgument("a\nb\tc\u0001")).isEqualTo("\"a\\nb\\tc\\x01\"");
    assertThat(SystemdQuoting.execArgument("grüße 😀")).isEqualTo("\"grüße 😀\"");
    assertThat(SystemdQuoting.execArgument(";")).isEqualTo("\";\"");
    assertThat(SystemdQuoting.environmentAssignment("PRICE", "$5 or 100%"))
        .isEqualTo("\"PRICE=$5 or 100%%\"");
  }

  @Example
  void nulAndInvalidNamesAreRefused() {
    assertThatThrownBy(() -> SystemdQuoting.execArgument("a\0b"))
        .isInstanceOf(ManagerException.class)
        .hasMessageContaining("NUL");
    for (String bad : List.of("", "1X", "A-B", "A B", "A\nB", "A=B", "Ä")) {
      assertThatThrownBy(() -> SystemdQuoting.environmentAssignment(bad, "v"))
          .isInstanceOf(ManagerException.class)
          .hasMessageStartingWith("invalid environment variable name")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Example
  void verbatimValuesThatSystemdWouldMangleAreRefused() {
    for (String bad : List.of("/a\nb", "/a\\", "/a ", " /a", "/a\tb", "/a\u0007")) {
      assertThatThrownBy(() -> SystemdQuoting.verbatim(bad, "path"))
          .isInstanceOf(ManagerException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Provide
  Arbitrary<List<String>> argumentLists() {
    return tricky().list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> names() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofLength(1),
            Arbitraries.strings()
                .withCharRange('A', 'Z')
                .withCharRange('a', 'z')
                .withCharRange('0', '9')
                .withChars('_')
                .ofMaxLength(10))
        .as(String::concat);
  }

  /** Mostly the characters systemd treats specially, plus any valid Unicode code point. */
  @Provide
  Arbitrary<String> tricky() {
    Arbitrary<Integer> special =
        Arbitraries.of(
            (int) '%',
            (int) '$',
            (int) '"',
            (int) '\'',
            (int) '\\',
            (int) ' ',
            (int) '\t',
            (int) '\n',
            (int) '\r',
            (int) ';',
            (int) '{',
            (int) '}',
            (int) '=',
            0x01,
            0x1b,
            0x7f,
            0x85,
            0x2028,
            (int) 'é',
            0x1F600);
    Arbitrary<Integer> ascii = Arbitraries.integers().between(0x20, 0x7e);
    Arbitrary<Integer> any =
        Arbitraries.integers()
            .between(1, Character.MAX_CODE_POINT)
            .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, special),
            net.jqwik.api.Tuple.of(4, ascii),
            net.jqwik.api.Tuple.of(1, any))
        .list()
        .ofMaxSize(12)
        .map(
            codePoints -> {
              StringBuilder out = new StringBuilder();
              codePoints.forEach(out::appendCodePoint);
              return out.toString();
            });
  }

  @Provide
  Arbitrary<String> pathLike() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('%', '/', '.', '-', ' ', '$', '"', '\'', 'ü')
        .ofMaxLength(20)
        .map(s -> "/" + s + "x");
  }
}
