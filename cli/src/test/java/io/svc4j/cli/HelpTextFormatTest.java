package io.svc4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * picocli runs every description through {@code String.format}: a bare {@code %} (say in {@code
 * %ProgramData%}) makes it print "[picocli WARN] Could not format" in the middle of the help. Every
 * description of every command class, and every text of a command's resource bundle (where the
 * options it shares with another command are worded), is checked here, as picocli would format it.
 */
class HelpTextFormatTest {

  @Test
  void everyDescriptionFormats() throws Exception {
    Path classes = Path.of("target/classes");
    List<String> broken = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.');
        Class<?> type =
            Class.forName(name.substring(0, name.length() - ".class".length()), false, loader());
        if (!type.isAnnotationPresent(Command.class)) {
          continue;
        }
        List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
        for (Field f : type.getDeclaredFields()) {
          elements.add(f);
        }
        for (AnnotatedElement e : elements) {
          for (String line : descriptions(e)) {
            checked++;
            try {
              String.format(line);
            } catch (java.util.IllegalFormatException bad) {
              broken.add(type.getSimpleName() + ": " + line + " (" + bad + ")");
            }
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(100);
    assertThat(broken).isEmpty();
  }

  private static ClassLoader loader() {
    return HelpTextFormatTest.class.getClassLoader();
  }

  private static List<String> descriptions(AnnotatedElement e) {
    List<String> lines = new ArrayList<>();
    if (e.getAnnotation(Command.class) != null) {
      Command command = e.getAnnotation(Command.class);
      lines.addAll(List.of(command.description()));
      if (!command.resourceBundle().isEmpty()) {
        ResourceBundle bundle = ResourceBundle.getBundle(command.resourceBundle());
        bundle.keySet().forEach(key -> lines.add(bundle.getString(key)));
      }
    }
    if (e.getAnnotation(Option.class) != null) {
      lines.addAll(List.of(e.getAnnotation(Option.class).description()));
    }
    if (e.getAnnotation(Parameters.class) != null) {
      lines.addAll(List.of(e.getAnnotation(Parameters.class).description()));
    }
    return lines;
  }
}
