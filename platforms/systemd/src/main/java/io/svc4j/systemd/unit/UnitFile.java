package io.svc4j.systemd.unit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A systemd unit file as data: leading comment lines, then ordered sections of ordered directives.
 * Values are stored exactly as they appear in the file, so quoting happens before a directive is
 * added (see {@link SystemdQuoting}); {@link #render()} only lays the lines out.
 */
public record UnitFile(List<String> comments, List<Section> sections) {

  private static final Pattern SECTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");

  public UnitFile {
    comments = List.copyOf(comments);
    sections = List.copyOf(sections);
    for (String comment : comments) {
      Directive.requireSingleLine(comment, "comment");
    }
  }

  /** One {@code [Name]} block. */
  public record Section(String name, List<Directive> directives) {
    public Section {
      if (!SECTION_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("invalid unit file section name: " + name);
      }
      directives = List.copyOf(directives);
    }
  }

  /** The first section with this name. */
  public Optional<Section> section(String name) {
    return sections.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Every value of {@code key} in section {@code name}, in file order. */
  public List<String> values(String section, String key) {
    return sections.stream()
        .filter(s -> s.name().equals(section))
        .flatMap(s -> s.directives().stream())
        .filter(d -> d.key().equals(key))
        .map(Directive::value)
        .toList();
  }

  /** The text of the unit file, with a trailing newline. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (String comment : comments) {
      out.append(comment.isEmpty() ? "#" : "# " + comment).append('\n');
    }
    boolean first = true;
    for (Section section : sections) {
      if (!first || !comments.isEmpty()) {
        out.append('\n');
      }
      first = false;
      out.append('[').append(section.name()).append("]\n");
      for (Directive directive : section.directives()) {
        out.append(directive.key()).append('=').append(directive.value()).append('\n');
      }
    }
    return out.toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects sections in first-use order; adding to an existing section appends to it. */
  public static final class Builder {
    private final List<String> comments = new ArrayList<>();
    private final Map<String, List<Directive>> sections = new LinkedHashMap<>();

    private Builder() {}

    public Builder comment(String line) {
      comments.add(line);
      return this;
    }

    /** Makes sure the section exists (and fixes its position) even if nothing is added yet. */
    public Builder section(String name) {
      sections.computeIfAbsent(name, n -> new ArrayList<>());
      return this;
    }

    /** Adds {@code key=value}; {@code value} must already be in unit file syntax. */
    public Builder add(String section, String key, String value) {
      return add(section, new Directive(key, value));
    }

    public Builder add(String section, Directive directive) {
      sections.computeIfAbsent(section, n -> new ArrayList<>()).add(directive);
      return this;
    }

    public UnitFile build() {
      List<Section> list = new ArrayList<>();
      sections.forEach((name, directives) -> list.add(new Section(name, directives)));
      return new UnitFile(comments, list);
    }
  }
}
