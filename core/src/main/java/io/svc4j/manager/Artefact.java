package io.svc4j.manager;

import java.nio.file.Path;

/**
 * Something an install writes or registers, shown verbatim by {@code install --dry-run}.
 *
 * @param location where it goes (a unit file path, "SCM service NAME", a registry key)
 * @param content exactly what is written there
 */
public record Artefact(String location, String content) {

  public static Artefact file(Path path, String content) {
    return new Artefact(path.toString(), content);
  }
}
