package io.svc4j.cli.install;

import io.svc4j.cli.embed.EmbeddedService;
import java.time.Duration;
import java.util.List;

/**
 * Where the command line of an installed service comes from: the words after {@code --} for the
 * svc4j CLI, or the embedding application's own launch command for {@link EmbeddedService}.
 */
public interface CommandSource {
  List<String> command(String serviceName, List<String> trailingArgs, Duration stopDeadline);
}
