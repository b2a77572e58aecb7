package io.svc4j.supervisor.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTextTest {

  @Test
  void plainTextIsKeptAsItIs() {
    assertThat(PrintableText.clean("serving 12 rps: ünïcödé ✓"))
        .isEqualTo("serving 12 rps: ünïcödé ✓");
  }

  @Test
  void csiOscDcsAndTwoCharacterEscapesAreRemovedWhole() {
    assertThat(PrintableText.clean("\u001b[31mred\u001b[0m")).isEqualTo("red");
    assertThat(PrintableText.clean("a\u001b]0;title\u0007b")).isEqualTo("ab");
    assertThat(PrintableText.clean("a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\b"))
        .isEqualTo("alinkb");
    assertThat(PrintableText.clean("a\u001bPq#0;2\u001b\\b")).isEqualTo("ab");
    assertThat(PrintableText.clean("a\u001bcb\u001b(Bc")).isEqualTo("abc");
    assertThat(PrintableText.clean("a\u009b2Jb\u009d0;t\u009cc")).isEqualTo("abc");
  }

  @Test
  void unterminatedSequencesAndLoneControlsGoToo() {
    assertThat(PrintableText.clean("a\u001b]0;never ends")).isEqualTo("a");
    assertThat(PrintableText.clean("a\u001b")).isEqualTo("a");
    assertThat(PrintableText.clean("a\u0000b\u0008c\u007fd\u0085e")).isEqualTo("abcde");
  }

  @Test
  void lineBreaksAndTabsBecomeSpacesAndBidiOverridesGo() {
    assertThat(PrintableText.clean("a\r\nb\tc")).isEqualTo("a  b c");
    assertThat(PrintableText.clean("a\u202Eb\u2066c")).isEqualTo("abc");
  }
}
