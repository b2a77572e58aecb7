package io.svc4j.runtime;

/**
 * Where something riding along with the host (a {@link HostExtension}'s listener: the registry
 * client) adds a short note to the service's status line, after the service's own text: what the
 * service manager shows ({@code systemctl status}, {@code svc4j status}) then says, for example,
 * that the registry is unreachable.
 */
@FunctionalInterface
public interface StatusNotes {

  /** Sets the note of {@code source} to one line; null or blank removes it. */
  void note(String source, String text);
}
